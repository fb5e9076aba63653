/**
 * Staff Telegram through the dispatcher and the fake Bot API: a group that became a
 * supergroup gets its new chat id saved on the staff profile (and on the message's
 * timeline); 429 is flow control and never marks the account down or sends an outage
 * e-mail. Alert e-mails without an SMTP account wait for the Notification Module.
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { type FakeTelegram, startFakeTelegram } from "../../test/fakes/telegram"

jest.setTimeout(120_000)

let tg: FakeTelegram
beforeAll(async () => {
  tg = await startFakeTelegram()
})
afterAll(async () => tg?.close())

messagingModuleRunner({
  moduleOptions: {
    dispatch: { failure_threshold: 2, retry_base_ms: 10 },
    alert_email: "owner@shop.test",
  },
  testSuite: ({ service }) => {
    beforeEach(async () => {
      tg.reset()
      tg.migratedChats.clear()
      await service.createMessagingProviderAccounts({
        key: "tg",
        name: "Staff bot",
        type: "telegram",
        priority: 1,
        channels: [],
        base_url: tg.url,
        credentials: { bot_token: tg.botToken },
        config: {},
      } as any)
      service.invalidateCaches()
    })

    const staffMessage = (chat: string, body: string, profileId?: string) => ({
      channel: "telegram" as const,
      recipient: chat,
      audience: "staff" as const,
      body,
      metadata: profileId ? { staff_profile_id: profileId } : null,
    })

    it("migrate_to_chat_id: the new chat id is saved on the staff profile and the message's timeline says so", async () => {
      const [profile] = await service.createMessagingStaffProfiles([
        { name: "Warehouse", telegram_chat_id: "-4001", events: ["order.placed"] },
      ] as any)
      tg.migratedChats.set("-4001", "-1004001")
      const [first, waiting] = await service.enqueueMessages([staffMessage("-4001", "New order #1", profile.id)])
      expect(waiting).toBeUndefined()
      await service.dispatchNow()

      expect(tg.messagesIn("-1004001").map((m) => m.text)).toEqual(["New order #1"])
      const saved = await service.retrieveMessagingStaffProfile(profile.id)
      expect(saved.telegram_chat_id).toBe("-1004001")
      const timeline = await service.listMessagingMessageEvents({ message_id: first.id })
      expect(timeline.map((e) => e.note).join("\n")).toMatch(/-4001 became supergroup -1004001.*"Warehouse"/)

      // the next message goes straight to the new chat: no failed first try at the old id
      const before = tg.requests.length
      await service.enqueueMessages([staffMessage(saved.telegram_chat_id!, "New order #2", profile.id)])
      await service.dispatchNow()
      const calls = tg.requests.slice(before).filter((r) => /sendMessage$/.test(r.path))
      expect(calls.map((r) => String(r.body?.chat_id))).toEqual(["-1004001"])
    })

    it("429 with retry_after never marks the account unhealthy nor writes an outage e-mail", async () => {
      await tg.setMode("rate_limit")
      tg.retryAfterSeconds = 60
      for (let i = 0; i < 4; i++) {
        await service.enqueueMessages([staffMessage("-5001", `ping ${i}`)])
        await service.dispatchNow()
      }
      await tg.setMode("ok")
      const [account] = await service.listMessagingProviderAccounts({ key: "tg" })
      expect((account as any).health_status).toBe("healthy")
      expect((account as any).consecutive_failures).toBe(0)
      expect(await service.listMessagingMessages({ event_name: "messaging.alert" })).toEqual([])
      const retried = await service.listMessagingMessages({ channel: "telegram" })
      expect(retried.every((m) => m.status === "queued" && m.error_code === "429")).toBe(true)
    })

    it("without an SMTP account the outage e-mail is held for the Notification Module, not left for the dispatcher", async () => {
      await tg.setMode("down")
      await service.enqueueMessages([staffMessage("-6001", "a"), staffMessage("-6002", "b")])
      await service.dispatchNow()
      await service.enqueueMessages([staffMessage("-6003", "c")])
      await service.dispatchNow()
      await tg.setMode("ok")
      const alerts = await service.listMessagingMessages({ event_name: "messaging.alert" })
      expect(alerts).toHaveLength(1)
      expect(alerts[0]).toMatchObject({
        channel: "email",
        recipient: "owner@shop.test",
        status: "deferred",
        next_attempt_at: null,
        metadata: { via: "notification" },
      })
      expect((await service.alertsForNotificationModule()).map((m) => m.id)).toEqual([alerts[0].id])

      await service.settleNotificationAlert(alerts[0].id, { notification_id: "noti_1" })
      const [sent] = await service.listMessagingMessages({ id: alerts[0].id })
      expect(sent).toMatchObject({ status: "sent", provider_type: "notification", provider_message_id: "noti_1" })
      expect(await service.alertsForNotificationModule()).toEqual([])
    })
  },
})
