import type { MessageRow } from "../../repositories/messages"
import { consentVerdict } from "../consent-check"

const claimedAt = new Date("2026-06-10T12:00:00Z")
const row = (over: Partial<MessageRow> = {}) =>
  ({
    id: "msg_1",
    channel: "sms",
    recipient: "+380671234567",
    campaign_id: null,
    metadata: null,
    maybe_accepted: false,
    claimed_at: claimedAt,
    ...over,
  }) as MessageRow
const optOut = (channels: string[], lenient = false) => ({
  id: "msg_1",
  channels,
  transactional_ignores_opt_out: lenient,
})

describe("consentVerdict (claim time)", () => {
  it("skips a message whose number opted out of its channel, with the enqueue wording", () => {
    expect(consentVerdict(row(), optOut(["sms"]))).toEqual({
      id: "msg_1",
      error: "+380671234567 opted out of sms messages",
      error_code: "opted_out",
      claimed_at: claimedAt,
    })
    expect(consentVerdict(row({ channel: "omni" }), optOut(["viber"]))?.error_code).toBe("opted_out")
    expect(consentVerdict(row({ channel: "viber" }), optOut(["all"]))?.error_code).toBe("opted_out")
    expect(consentVerdict(row({ channel: "viber" }), optOut(["sms"]))).toBeNull()
    expect(consentVerdict(row(), undefined)).toBeNull()
  })

  it("lets transactional messages through where the site allows it, never marketing", () => {
    expect(consentVerdict(row(), optOut(["sms"], true))).toBeNull()
    expect(consentVerdict(row({ campaign_id: "mcmp_1" }), optOut(["sms"], true))?.error_code).toBe("opted_out")
    expect(consentVerdict(row({ metadata: { marketing: true } }), optOut(["sms"], true))?.error_code).toBe("opted_out")
  })

  it("an admin's override on a resent copy is respected; e-mail and Telegram have no opt-outs", () => {
    expect(consentVerdict(row({ metadata: { consent_override: { by: "user_1" } } }), optOut(["all"]))).toBeNull()
    expect(consentVerdict(row({ channel: "email", recipient: "a@b.co" }), optOut(["all"]))).toBeNull()
  })

  it("says so when an earlier attempt may have reached the provider", () => {
    expect(consentVerdict(row({ maybe_accepted: true }), optOut(["sms"]))?.error).toBe(
      "+380671234567 opted out of sms messages (an earlier attempt may have reached the provider)"
    )
  })
})
