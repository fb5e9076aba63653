import type { MessageRow } from "../../repositories/messages"
import { planResend } from "../resend"
import { site } from "./fixtures"

const day = new Date("2026-06-10T12:00:00Z") // 15:00 Kyiv
const night = new Date("2026-06-10T20:30:00Z") // 23:30 Kyiv

function sent(over: Partial<MessageRow> = {}): MessageRow {
  return {
    id: "msg_1",
    direction: "outbound",
    channel: "sms",
    recipient: "+380671234567",
    audience: "customer",
    subject: null,
    body: "Your order is packed",
    sender: "MyShop",
    encoding: "GSM-7",
    segments: 1,
    sales_channel_id: null,
    event_name: "order.placed",
    template_code: "BW_X",
    order_id: "order_1",
    customer_id: "cus_1",
    resource_type: null,
    resource_id: null,
    campaign_id: null,
    idempotency_key: "k",
    status: "delivered",
    error: null,
    error_code: null,
    critical: false,
    next_attempt_at: null,
    provider_account_id: "macc_1",
    provider_type: "bsg",
    provider_message_id: "1",
    parent_id: null,
    metadata: { excluded_accounts: ["macc_0"] },
    attempts: 1,
    claimed_at: null,
    claimed_by: null,
    maybe_accepted: false,
    cost: 0.02,
    currency: "EUR",
    sent_at: day,
    delivered_at: day,
    fallback_at: null,
    created_at: day,
    updated_at: day,
    deleted_at: null,
    ...over,
  }
}

const none = new Set<string>()
const sms = new Set(["sms"])

describe("planResend", () => {
  it("copies a finished message, not critical any more unless it was: quiet hours hold it", () => {
    const plan = planResend({
      original: sent(),
      site: site({ quiet_hours_enabled: true }),
      optedOut: none,
      override: false,
      by: "user_1",
      now: night,
    })
    expect(plan).toMatchObject({
      ok: true,
      override_note: null,
      copy: {
        status: "deferred",
        critical: false,
        parent_id: "msg_1",
        body: "Your order is packed",
        metadata: { resent_from: "msg_1", created_by: "user_1", excluded_accounts: [] },
      },
    })
    const byDay = planResend({
      original: sent(),
      site: site({ quiet_hours_enabled: true }),
      optedOut: none,
      override: false,
      by: null,
      now: day,
    })
    expect(byDay).toMatchObject({ ok: true, copy: { status: "queued", next_attempt_at: day } })
  })

  it("refuses an opted-out number with the enqueue reason; the override sends it, critical, and says so", () => {
    expect(
      planResend({ original: sent(), site: site(), optedOut: sms, override: false, by: "user_1", now: day })
    ).toEqual({
      ok: false,
      id: "msg_1",
      code: "opted_out",
      reason: "+380671234567 opted out of sms messages",
    })
    const forced = planResend({
      original: sent(),
      site: site({ quiet_hours_enabled: true }),
      optedOut: new Set(["all"]),
      override: true,
      by: "user_1",
      now: night,
    })
    expect(forced).toMatchObject({
      ok: true,
      copy: { status: "queued", critical: true, metadata: { consent_override: { by: "user_1", opted_out: true } } },
    })
    expect(forced.ok && forced.override_note).toBe(
      "resent by user_1 overriding the opt-out (+380671234567 opted out of sms messages) and quiet hours"
    )
  })

  it("follows the site for transactional messages; marketing never goes to an opted-out number", () => {
    const lenient = site({ transactional_ignores_opt_out: true })
    expect(planResend({ original: sent(), site: lenient, optedOut: sms, override: false, by: null, now: day }).ok).toBe(
      true
    )
    const campaign = sent({ campaign_id: "mcmp_1" })
    expect(
      planResend({ original: campaign, site: lenient, optedOut: sms, override: false, by: null, now: day })
    ).toMatchObject({ ok: false, code: "opted_out" })
    // the copy leaves the campaign's counts alone but stays marketing (checked again when it leaves)
    const copy = planResend({ original: campaign, site: lenient, optedOut: none, override: false, by: null, now: day })
    expect(copy).toMatchObject({ ok: true, copy: { metadata: { marketing: true } } })
    expect(copy.ok && copy.copy.campaign_id).toBeUndefined()
    // an opt-out of another channel does not count; e-mail has none
    expect(
      planResend({
        original: sent({ channel: "viber" }),
        site: site(),
        optedOut: sms,
        override: false,
        by: null,
        now: day,
      }).ok
    ).toBe(true)
    expect(
      planResend({
        original: sent({ channel: "omni" }),
        site: site(),
        optedOut: sms,
        override: false,
        by: null,
        now: day,
      }).ok
    ).toBe(false)
  })

  it("refuses what cannot be resent: pending, skipped, inbound, a text that was removed", () => {
    for (const over of [
      { status: "queued" as const },
      { status: "skipped" as const },
      { direction: "inbound" as const, status: "received" as const },
    ]) {
      expect(
        planResend({ original: sent(over), site: site(), optedOut: none, override: true, by: null, now: day })
      ).toMatchObject({ ok: false, code: "not_resendable" })
    }
    const pruned = sent({ body: "", metadata: { text_removed_at: day.toISOString() } })
    expect(
      planResend({ original: pruned, site: site(), optedOut: none, override: true, by: null, now: day })
    ).toMatchObject({ ok: false, code: "text_removed" })
  })
})
