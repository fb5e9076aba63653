import { maskEmail, maskPersonalData, maskPersonalText, maskPhone } from "../mask"

describe("personal data in debug-log summaries", () => {
  it("phones keep their last 3 digits; e-mails their first letter and domain", () => {
    expect(maskPhone("+380671234567")).toBe("+*********567")
    expect(maskPhone("380671234567")).toBe("*********567")
    expect(maskEmail("olena@example.com")).toBe("o***@example.com")
  })

  it("BSG: msisdn and texts in single, batch and Viber requests; the reference and settings stay", () => {
    const single = maskPersonalData({
      headers: { "X-API-KEY": "****" },
      body: {
        destination: "phone",
        msisdn: "380671234567",
        originator: "MyShop",
        body: "Your code is 4411",
        reference: "msg_01ABC",
        validity: 72,
      },
    })
    expect(single).toEqual({
      headers: { "X-API-KEY": "****" },
      body: {
        destination: "phone",
        msisdn: "*********567",
        originator: "MyShop",
        body: "[text hidden: 17 chars]",
        reference: "msg_01ABC",
        validity: 72,
      },
    })
    const batch = maskPersonalData({
      body: {
        destination: "phones",
        body: "Sale",
        phones: [
          { msisdn: "380671234567", reference: "msg_1" },
          { msisdn: "380501112233", reference: "msg_2" },
        ],
      },
    })
    expect(batch.body.phones).toEqual([
      { msisdn: "*********567", reference: "msg_1" },
      { msisdn: "*********233", reference: "msg_2" },
    ])
    const viber = maskPersonalData({
      messages: [
        {
          to: [{ msisdn: "380671234567", reference: "msg_1" }],
          text: "Привіт",
          alpha_name: "Shop",
          options: { viber: { alt_route: { originator: "Shop", text: "Pryvit" } } },
        },
      ],
    })
    expect(JSON.stringify(viber)).not.toMatch(/671234|Привіт|Pryvit/)
    expect(viber.messages[0].to[0].reference).toBe("msg_1")
  })

  it("TurboSMS recipients lists, Twilio forms and answers, Telegram chats, SMTP", () => {
    expect(
      maskPersonalData({ recipients: ["380671234567", "380501112233"], sms: { sender: "Shop", text: "Hi" } })
    ).toEqual({ recipients: ["*********567", "*********233"], sms: { sender: "Shop", text: "[text hidden: 2 chars]" } })
    expect(maskPersonalData({ To: "+380671234567", Body: "Hi Olena" })).toEqual({
      To: "+*********567",
      Body: "[text hidden: 8 chars]",
    })
    const twilioError = maskPersonalData({
      code: 21211,
      message: "The 'To' number +380671234567 is not a valid phone number.",
    })
    expect(twilioError.message).toBe("The 'To' number +*********567 is not a valid phone number.")
    const telegram = maskPersonalData({
      ok: true,
      result: {
        message_id: 7,
        chat: { id: 123456789, first_name: "Olena", username: "olena_k" },
        text: "Order 5 shipped",
      },
    })
    expect(telegram.result).toEqual({
      message_id: 7,
      chat: { id: "******789", first_name: "[name hidden]", username: "[name hidden]" },
      text: "[text hidden: 15 chars]",
    })
    expect(maskPersonalData({ chat_id: "@shop_news", text: "x" }).chat_id).toBe("@***")
    expect(
      maskPersonalData({ from: "shop@example.com", to: "olena@example.com", subject: "Order 5", text_length: 40 })
    ).toEqual({ from: "s***@example.com", to: "o***@example.com", subject: "[text hidden: 7 chars]", text_length: 40 })
  })

  it("free text: numbers with a + or 10–15 digits, and e-mail addresses; dates, ids and amounts stay", () => {
    expect(maskPersonalText("550 5.1.1 <olena@example.com>: user unknown")).toBe(
      "550 5.1.1 <o***@example.com>: user unknown"
    )
    expect(maskPersonalText("invalid msisdn 380671234567 at 2026-11-29T16:20:00Z, id 48213, cost 0.021")).toBe(
      "invalid msisdn *********567 at 2026-11-29T16:20:00Z, id 48213, cost 0.021"
    )
    expect(maskPersonalText("https://api.example/sms/reference/msg_01J9")).toBe(
      "https://api.example/sms/reference/msg_01J9"
    )
  })
})
