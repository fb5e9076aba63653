import { idempotencyKey, prepareMessage } from "../prepare"
import { site } from "./fixtures"

const now = new Date("2026-06-10T12:00:00Z") // 15:00 in Kyiv (summer, UTC+3)

describe("prepareMessage", () => {
  it("normalizes a local phone with the site's region, counts segments and uses the SMS sender", () => {
    const row = prepareMessage({ site: site(), channel: "sms", recipient: "067 123 45 67", body: "Hello", now })
    expect(row).toMatchObject({
      status: "queued",
      recipient: "+380671234567",
      encoding: "GSM-7",
      segments: 1,
      sender: "MyShop",
      next_attempt_at: now,
    })
  })

  it("skips with a reason: no phone, invalid phone, landline, empty text", () => {
    expect(prepareMessage({ site: site(), channel: "sms", recipient: null, body: "x", now })).toMatchObject({
      status: "skipped",
      error_code: "no_phone",
    })
    expect(prepareMessage({ site: site(), channel: "sms", recipient: "12", body: "x", now })).toMatchObject({
      status: "skipped",
      error_code: expect.stringMatching(/^phone_/),
    })
    // Kyiv landline (044)
    expect(prepareMessage({ site: site(), channel: "sms", recipient: "044 235 12 34", body: "x", now })).toMatchObject({
      status: "skipped",
      error_code: "phone_not_mobile",
    })
    expect(prepareMessage({ site: site(), channel: "sms", recipient: "0671234567", body: "   ", now })).toMatchObject({
      status: "skipped",
      error_code: "empty_text",
    })
  })

  it("an opted-out phone is skipped unless the site lets transactional messages through; marketing never", () => {
    const optOuts = { isOptedOut: (p: string) => p === "+380671234567" }
    expect(
      prepareMessage({ site: site(), channel: "sms", recipient: "0671234567", body: "x", optOuts, now })
    ).toMatchObject({ status: "skipped", error_code: "opted_out" })
    const lenient = site({ transactional_ignores_opt_out: true })
    expect(
      prepareMessage({ site: lenient, channel: "sms", recipient: "0671234567", body: "x", optOuts, now }).status
    ).toBe("queued")
    expect(
      prepareMessage({
        site: lenient,
        channel: "sms",
        recipient: "0671234567",
        body: "x",
        optOuts,
        now,
        marketing: true,
      }).status
    ).toBe("skipped")
  })

  it("transliterates SMS text for sites that want it, and keeps Viber text as written (Omni keeps the SMS leg)", () => {
    const s = site({ transliterate: true, locale: "uk" })
    const sms = prepareMessage({ site: s, channel: "sms", recipient: "0671234567", body: "Замовлення №5 у Києві", now })
    expect(sms.body).toBe("Zamovlennia No5 u Kyievi")
    expect(sms.encoding).toBe("GSM-7")
    const omni = prepareMessage({ site: s, channel: "omni", recipient: "0671234567", body: "Замовлення №5", now })
    expect(omni.body).toBe("Замовлення №5")
    expect(omni.metadata).toMatchObject({ sms_text: "Zamovlennia No5" })
  })

  it("defers a non-critical message inside quiet hours until the window ends; critical goes now", () => {
    const night = new Date("2026-06-10T20:30:00Z") // 23:30 Kyiv
    const s = site({ quiet_hours_enabled: true })
    const row = prepareMessage({ site: s, channel: "sms", recipient: "0671234567", body: "x", now: night })
    expect(row.status).toBe("deferred")
    expect(row.next_attempt_at).toEqual(new Date("2026-06-11T06:00:00Z")) // 09:00 Kyiv
    expect(
      prepareMessage({ site: s, channel: "sms", recipient: "0671234567", body: "x", now: night, critical: true }).status
    ).toBe("queued")
  })

  it("validates Telegram chat ids and e-mail addresses", () => {
    expect(
      prepareMessage({ site: site(), channel: "telegram", recipient: "-1001234567890", body: "x", now }).status
    ).toBe("queued")
    expect(prepareMessage({ site: site(), channel: "telegram", recipient: "my group", body: "x", now })).toMatchObject({
      status: "skipped",
      error_code: "invalid_chat",
    })
    expect(prepareMessage({ site: site(), channel: "email", recipient: "ops@shop.test", body: "x", now }).sender).toBe(
      "shop@shop.test"
    )
    expect(prepareMessage({ site: site(), channel: "email", recipient: "not-an-email", body: "x", now })).toMatchObject(
      { status: "skipped", error_code: "invalid_email" }
    )
  })

  it("builds the idempotency key from the normalized recipient", () => {
    const a = prepareMessage({
      site: site(),
      channel: "sms",
      recipient: "067 123 45 67",
      body: "x",
      now,
      idempotency: { event: "order.placed", resource: "order_1", template: "T" },
    })
    const b = prepareMessage({
      site: site(),
      channel: "sms",
      recipient: "+380671234567",
      body: "x",
      now,
      idempotency: { event: "order.placed", resource: "order_1", template: "T" },
    })
    expect(a.idempotency_key).toBe(b.idempotency_key)
    expect(a.idempotency_key).toBe(
      idempotencyKey({
        event: "order.placed",
        resource: "order_1",
        template: "T",
        recipient: "+380671234567",
        channel: "sms",
      })
    )
  })
})

describe("marketing at night", () => {
  it("is deferred to 08:00 site time even when the site has no quiet hours", () => {
    const night = new Date("2026-06-10T20:30:00Z") // 23:30 Kyiv
    const row = prepareMessage({
      site: site(),
      channel: "sms",
      recipient: "0671234567",
      body: "Sale!",
      now: night,
      marketing: true,
    })
    expect(row.status).toBe("deferred")
    expect(row.next_attempt_at).toEqual(new Date("2026-06-11T05:00:00Z")) // 08:00 Kyiv
    expect(
      prepareMessage({ site: site(), channel: "sms", recipient: "0671234567", body: "Order shipped", now: night })
        .status
    ).toBe("queued")
  })
})

describe("prepareMessage: stress marks and quiet hours carried for retries", () => {
  it("stress marks never make an SMS UCS-2 and transliterate as if absent", () => {
    const plain = prepareMessage({
      site: site(),
      channel: "sms",
      recipient: "0671234567",
      body: "Your parcel is in Kyi\u0301v",
      now,
    })
    expect(plain).toMatchObject({ body: "Your parcel is in Kyiv", encoding: "GSM-7", segments: 1 })
    const translit = prepareMessage({
      site: site({ transliterate: true, locale: "uk" }),
      channel: "sms",
      recipient: "0671234567",
      body: "Ки\u0301їв",
      now,
    })
    expect(translit).toMatchObject({ body: "Kyiv", encoding: "GSM-7" })
  })

  it("a message with a night window carries it (the dispatcher defers a retry past it); critical ones carry none", () => {
    const night = site({ quiet_hours_enabled: true, quiet_hours_start: "22:00", quiet_hours_end: "08:00" })
    const row = prepareMessage({ site: night, channel: "sms", recipient: "0671234567", body: "x", now })
    expect(row.metadata).toMatchObject({ quiet_hours: { timeZone: "Europe/Kyiv", start: "22:00", end: "08:00" } })
    const critical = prepareMessage({
      site: night,
      channel: "sms",
      recipient: "0671234567",
      body: "x",
      now,
      critical: true,
    })
    expect((critical.metadata as Record<string, unknown> | undefined)?.quiet_hours).toBeUndefined()
  })
})
