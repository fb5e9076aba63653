import { BsgProvider } from "../bsg"
import { ProviderRequestError } from "../errors"
import { PROVIDER_CAPABILITIES } from "../registry"
import { startFakeBsg, type FakeBsg } from "../../../../../test/fakes/bsg"

const API_KEY = "live_fakebsgkey0123456789"

describe("BSG replies (2-way incoming) against the fake", () => {
  let fake: FakeBsg
  let provider: BsgProvider

  beforeAll(async () => {
    fake = await startFakeBsg({ apiKey: API_KEY, originators: ["MyShop"] })
  })
  afterAll(async () => {
    await fake.close()
  })
  beforeEach(() => {
    fake.reset()
    provider = new BsgProvider({ api_key: API_KEY, base_url: fake.url, sender: "MyShop", timeout_ms: 2000 })
  })
  afterEach(() => provider.close())

  it("lists the replies received in the window, with the customer's number as sender", async () => {
    await provider.send([
      { id: "msg_01JABCDEFGHJKMNPQRSTVW0001", channel: "sms", to: "+380972000001", text: "Order 1042 shipped" },
    ])
    const at = new Date("2026-06-10T10:00:00Z")
    fake.receiveReply("380972000001", "Стоп", { at })
    fake.receiveReply("380972000002", "too early", { at: new Date("2026-06-09T10:00:00Z") })
    const replies = await provider.fetchInbound(new Date("2026-06-10T09:00:00Z"), new Date("2026-06-10T11:00:00Z"))
    expect(replies).toEqual([
      { from: "+380972000001", to: "MyShop", text: "Стоп", provider_message_id: "in:1", received_at: at },
    ])
    // the window went out as BSG's "Y-m-d H:i:s" parameters
    const req = fake.requests.find((r) => r.path.endsWith("/sms/2wayIncoming"))!
    expect(req.query).toEqual({ start_date: "2026-06-10 09:00:00", end_date: "2026-06-10 11:00:00" })
  })

  it("an account without BSG's 2-way service is a clear error, not an empty list", async () => {
    fake.twoWay = false
    await expect(provider.fetchInbound(new Date(Date.now() - 3_600_000), new Date())).rejects.toBeInstanceOf(
      ProviderRequestError
    )
  })

  it("capabilities say how replies arrive: BSG polled, TurboSMS none, Twilio webhook", () => {
    expect(PROVIDER_CAPABILITIES.bsg.inbound).toBe("poll")
    expect(PROVIDER_CAPABILITIES.turbosms.inbound).toBe("none")
    expect(PROVIDER_CAPABILITIES.twilio.inbound).toBe("webhook")
  })
})
