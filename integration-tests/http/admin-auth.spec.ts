/**
 * Every admin messaging route requires an admin session: without one it answers 401,
 * with a bearer token it does not.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { adminHeaders, hostEnv, prepareHost } from "../../test/support/medusa-host"
import { ADMIN_ROUTES, call } from "./admin-support"

jest.setTimeout(300_000)

const pluginOptions = { defaults: { site_name: "Test Shop", default_region: "UA" } }
const cwd = prepareHost({ pluginOptions })

medusaIntegrationTestRunner({
  cwd,
  env: hostEnv(pluginOptions),
  testSuite: ({ api, getContainer }) => {
    // One test per check (not per route): the runner restores the database before each test.
    it("every route answers 401 without an admin session, and with a made-up token", async () => {
      const wrong: string[] = []
      for (const [method, path] of ADMIN_ROUTES) {
        const anonymous = await call(api, method, path, { body: method === "post" ? {} : undefined })
        if (anonymous.status !== 401 || anonymous.text.includes("messaging_")) wrong.push(`${method} ${path} → ${anonymous.status}`)
        const forged = await call(api, method, path, { headers: { authorization: "Bearer not-a-real-token" } })
        if (forged.status !== 401) wrong.push(`${method} ${path} (forged token) → ${forged.status}`)
      }
      expect(wrong).toEqual([])
    })

    it("every route exists for an admin (no route answers 401 or an unknown-route 404)", async () => {
      const { headers } = await adminHeaders(getContainer())
      const wrong: string[] = []
      for (const [method, path] of ADMIN_ROUTES) {
        const res = await call(api, method, path, { headers, body: method === "post" ? {} : undefined })
        // a missing route gives express' HTML 404; a missing entity gives our JSON not_found
        const unknownRoute = res.status === 404 && res.data?.type !== "not_found"
        if (res.status === 401 || unknownRoute || res.status >= 500) wrong.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`)
      }
      expect(wrong).toEqual([])
    })
  },
})
