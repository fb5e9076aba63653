/**
 * Omni = Viber first, SMS for what Viber did not deliver. With an account that can do
 * it natively (BSG alt_route) the provider falls back itself; with a Viber-only account
 * the plugin sends Viber and queues the SMS itself when no delivery report came in time.
 */
import { messagingModuleRunner } from "./support/messaging-module"
import { type FakeBsg, startFakeBsg } from "../../test/fakes"

jest.setTimeout(120_000)

let bsg: FakeBsg
beforeAll(async () => {
  bsg = await startFakeBsg({ balance: 1000 })
})
afterAll(async () => bsg?.close())

messagingModuleRunner({
  moduleOptions: {
    defaults: { default_region: "UA", delivery_mode: "omni", sms_sender: "MyShop", viber_sender: "MyShop" },
    // an enqueue starts a dispatch too, beside the ones the tests start
    dispatch: { dispatch_on_enqueue: true },
  },
  testSuite: ({ service }) => {
    const account = (key: string, priority: number, channels: string[]) =>
      service.createMessagingProviderAccounts({
        key,
        name: key,
        type: "bsg",
        priority,
        channels,
        base_url: bsg.url,
        credentials: { api_key: "live_fakebsgkey0123456789" },
        config: { sender: "MyShop" },
      } as any)

    beforeEach(() => bsg.reset())

    it("a native Omni account sends one Viber message with the SMS fallback leg (alt_route)", async () => {
      await account("bsg-omni", 1, [])
      service.invalidateCaches()
      const { created } = await service.enqueueManualMessages({
        channel: "omni",
        recipients: ["0671234567"],
        body: "Your parcel is on its way",
      })
      await service.dispatchNow()
      const [sent] = bsg.messagesTo("+380671234567")
      expect(sent.channel).toBe("viber")
      expect(sent.alt_route).toMatchObject({ text: "Your parcel is on its way" })
      expect((await service.retrieveMessagingMessage(created[0].id)).status).toBe("sent")
    })

    it("a Viber-only account: the plugin sends Viber, then the SMS through an SMS account when no report came in time", async () => {
      await account("bsg-viber", 1, ["viber"])
      await account("bsg-sms", 2, ["sms"])
      service.invalidateCaches()
      const { created } = await service.enqueueManualMessages({
        channel: "omni",
        recipients: ["0671234567"],
        body: "Pick up order 1042",
      })
      await service.dispatchNow()
      let received = bsg.messagesTo("+380671234567")
      expect(received.map((m) => [m.channel, m.alt_route])).toEqual([["viber", null]])
      const viber = await service.retrieveMessagingMessage(created[0].id)
      expect(viber.status).toBe("sent")
      expect(viber.fallback_at).not.toBeNull()

      // not yet: the fallback time has not come
      expect(await service.sendOmniFallbacks()).toBe(0)
      await service.updateMessagingMessages({ id: viber.id, fallback_at: new Date(Date.now() - 1000) })
      expect(await service.sendOmniFallbacks()).toBe(1)
      expect(await service.sendOmniFallbacks()).toBe(0) // once
      await service.dispatchNow()
      received = bsg.messagesTo("+380671234567")
      expect(received.map((m) => [m.channel, m.body])).toEqual([
        ["viber", "Pick up order 1042"],
        ["sms", "Pick up order 1042"],
      ])
      const [sms] = await service.listMessagingMessages({ parent_id: viber.id })
      expect(sms).toMatchObject({ channel: "sms", status: "sent" })
    })

    it("a Viber message delivered in time gets no SMS", async () => {
      await account("bsg-viber", 1, ["viber"])
      await account("bsg-sms", 2, ["sms"])
      service.invalidateCaches()
      const { created } = await service.enqueueManualMessages({
        channel: "omni",
        recipients: ["0671234567"],
        body: "Delivered in time",
      })
      await service.dispatchNow()
      await service.withKnex((knex: any) =>
        knex("messaging_message")
          .where({ id: created[0].id })
          .update({ status: "delivered", fallback_at: new Date(Date.now() - 1000) })
      )
      expect(await service.sendOmniFallbacks()).toBe(0)
    })
  },
})
