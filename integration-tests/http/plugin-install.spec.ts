import { hostEnv, hostIntegrationTestRunner, prepareHost } from "../../test/support/medusa-host"

jest.setTimeout(600_000)

const pluginOptions = { defaults: { site_name: "Test Shop", time_zone: "Europe/Kyiv", default_region: "UA" } }
const cwd = prepareHost({ pluginOptions })

hostIntegrationTestRunner({
  // On purpose: this spec is the one that migrates a database from nothing, in-process, as the runner does.
  migrate: "in-process",
  cwd,
  env: hostEnv(pluginOptions),
  testSuite: ({ getContainer, dbConnection }) => {
    it("creates the module's tables through the host's migrations", async () => {
      const tables = [
        "messaging_site",
        "messaging_general_setting",
        "messaging_provider_account",
        "messaging_sender",
        "messaging_template",
        "messaging_message",
        "messaging_message_event",
        "messaging_debug_log",
        "messaging_opt_out",
        "messaging_staff_profile",
        "messaging_custom_rule",
        "messaging_campaign",
      ]
      const res = await dbConnection.raw(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY(?)`,
        [tables]
      )
      expect(res.rows.map((r: any) => r.table_name).sort()).toEqual([...tables].sort())
    })

    it("registers the messaging module and creates/reads a template and a message through it", async () => {
      const messaging = getContainer().resolve("messaging") as any
      await messaging.ensureInstalled()
      const [site] = await messaging.listMessagingSites({ sales_channel_id: null })
      expect(site).toMatchObject({ name: "Test Shop", time_zone: "Europe/Kyiv", default_region: "UA" })

      const tpl = await messaging.createMessagingTemplates({
        code: "CUSTOM_HELLO",
        event_name: "order.placed",
        audience: "customer",
        channel: "sms",
        body: "Hello #CUSTOMER_FIRST_NAME#",
      })
      expect((await messaging.retrieveMessagingTemplate(tpl.id)).body).toBe("Hello #CUSTOMER_FIRST_NAME#")

      const [msg] = await messaging.enqueueMessages([
        {
          channel: "sms",
          recipient: "+380671234567",
          body: "Hello Ann",
          order_id: "order_123",
          idempotency_key: "it-1",
        },
      ])
      const stored = await messaging.retrieveMessagingMessage(msg.id)
      expect(stored).toMatchObject({ status: "queued", recipient: "+380671234567", order_id: "order_123" })
    })

    it("lets Query join messages to orders through the read-only link", async () => {
      const query = getContainer().resolve("query")
      const { data } = await query.graph({
        entity: "messaging_message",
        fields: ["id", "order_id", "order.id"],
        filters: {},
      })
      expect(Array.isArray(data)).toBe(true)
    })
  },
})
