import Medusa from "@medusajs/js-sdk"

/** The admin's own session (cookie) is used: the dashboard signed the user in. */
export const sdk = new Medusa({
  baseUrl: "/",
  auth: { type: "session" },
})
