import { DISPATCH_REQUESTED_EVENT, MessagingNotificationProviderService } from "../service"

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as any

function providerWith(written: Map<string, string>, options = {}) {
  const emitted: unknown[] = []
  // The messaging module's service as the provider sees it: one message per notification id.
  const messaging = {
    enqueueNotification: jest.fn(
      async (input: { notification_id: string; channel: string; to: string; text: string }) => {
        const existing = written.get(input.notification_id)
        if (existing) return { id: existing, created: false }
        const id = `mmsg_${written.size + 1}`
        written.set(input.notification_id, id)
        return { id, created: true }
      }
    ),
  }
  const eventBus = { emit: jest.fn(async (e: unknown) => void emitted.push(e)) }
  const provider = new MessagingNotificationProviderService({ logger, messaging, event_bus: eventBus } as any, options)
  return { provider, messaging, emitted }
}

describe("Notification Module provider", () => {
  it("hands the notification to the messaging module keyed by its id; a retry returns the same message and asks for no second dispatch", async () => {
    const written = new Map<string, string>()
    const { provider, messaging, emitted } = providerWith(written)
    const notification = {
      id: "noti_1",
      to: "067 123 45 67",
      channel: "sms",
      template: "manual",
      content: { text: "Hello" },
      data: { order_id: "order_1" },
    } as any
    const first = await provider.send(notification)
    const retry = await provider.send(notification)
    expect(first).toEqual({ id: "mmsg_1" })
    expect(retry).toEqual({ id: "mmsg_1" })
    expect(written.size).toBe(1)
    expect(messaging.enqueueNotification.mock.calls[0][0]).toMatchObject({
      notification_id: "noti_1",
      channel: "sms",
      to: "067 123 45 67",
      text: "Hello",
      template: "manual",
      data: { order_id: "order_1" },
    })
    expect(emitted).toEqual([{ name: DISPATCH_REQUESTED_EVENT, data: { id: "mmsg_1" } }])
  })

  it("maps a notification channel through channel_map and refuses one it cannot send", async () => {
    const { provider, messaging } = providerWith(new Map(), { channel_map: { whatsapp: "viber" } })
    await provider.send({
      id: "noti_2",
      to: "+380671234567",
      channel: "whatsapp",
      template: "x",
      content: { text: "Hi" },
    } as any)
    expect(messaging.enqueueNotification.mock.calls[0][0].channel).toBe("viber")
    await expect(
      provider.send({
        id: "noti_3",
        to: "+380671234567",
        channel: "fax",
        template: "x",
        content: { text: "Hi" },
      } as any)
    ).rejects.toThrow(/not one of/)
  })
})
