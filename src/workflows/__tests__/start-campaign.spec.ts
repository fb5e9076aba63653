import { startCampaignWorkflow } from "../campaigns"
import { CAMPAIGN_CHUNK } from "../campaigns/steps/enqueue-campaign-messages"
import { containerWith, fakeMessaging } from "./fake-messaging"

/** `n` distinct valid Ukrainian mobile numbers. */
const phones = (n: number) => Array.from({ length: n }, (_, i) => `+38067${String(1000000 + i).padStart(7, "0")}`)

const input = (n: number) => ({
  name: "Sale",
  channel: "sms" as const,
  body: "#SITE_NAME#: sale!",
  audience: { type: "list" as const, phones: phones(n).join("\n") },
  rate_per_second: 50,
  created_by: "user_1",
})

describe("start campaign workflow", () => {
  it("creates the campaign, enqueues the recipients chunk by chunk and starts it", async () => {
    const messaging = fakeMessaging()
    const { result } = await startCampaignWorkflow(containerWith(messaging)).run({ input: input(CAMPAIGN_CHUNK + 20) })
    const campaign = messaging.tables.campaign.get(result.campaign_id)
    expect(campaign).toMatchObject({
      status: "running",
      total: CAMPAIGN_CHUNK + 20,
      body: "Test Shop: sale!",
      audience: { type: "list", pasted_numbers: CAMPAIGN_CHUNK + 20 },
    })
    expect(
      messaging.calls.filter((c: unknown[]) => c[0] === "enqueueManualMessages").map((c: unknown[]) => c[1])
    ).toEqual([CAMPAIGN_CHUNK, 20])
    expect(result.plan.recipients).toHaveLength(CAMPAIGN_CHUNK + 20)
  })

  it("a failed chunk cancels what the start created: the campaign and every message it wrote", async () => {
    const messaging = fakeMessaging()
    messaging.failEnqueueAt = 2
    await expect(
      startCampaignWorkflow(containerWith(messaging)).run({ input: input(CAMPAIGN_CHUNK + 20) })
    ).rejects.toMatchObject({ message: "database went away" })
    const [campaign] = [...messaging.tables.campaign.values()]
    expect(campaign.status).toBe("canceled")
    const messages = [...messaging.tables.message.values()]
    expect(messages).toHaveLength(CAMPAIGN_CHUNK)
    expect(messages.every((m) => m.status === "canceled")).toBe(true)
  })

  it("a failure after the last chunk cancels every message by the campaign id, not by a list of ids", async () => {
    const messaging = fakeMessaging()
    const update = messaging.updateMessagingCampaigns
    messaging.updateMessagingCampaigns = async (data: { status?: string }) => {
      if (data.status === "running") throw new Error("database went away")
      return update(data)
    }
    await expect(
      startCampaignWorkflow(containerWith(messaging)).run({ input: input(2 * CAMPAIGN_CHUNK + 20) })
    ).rejects.toMatchObject({ message: "database went away" })
    const [campaign] = [...messaging.tables.campaign.values()]
    expect(campaign.status).toBe("canceled")
    const messages = [...messaging.tables.message.values()]
    expect(messages).toHaveLength(2 * CAMPAIGN_CHUNK + 20)
    expect(messages.every((m) => m.status === "canceled")).toBe(true)
    // the checkpoint holds the campaign id, not one id per recipient
    expect(messaging.calls.filter((c: unknown[]) => c[0] === "cancelMessages")).toEqual([])
    expect(messaging.calls).toContainEqual(["cancelCampaign", campaign.id, "campaign start failed"])
  })

  it("a campaign that got no message at all is removed when its start fails", async () => {
    const messaging = fakeMessaging()
    messaging.failEnqueueAt = 1
    await expect(startCampaignWorkflow(containerWith(messaging)).run({ input: input(3) })).rejects.toMatchObject({
      message: "database went away",
    })
    expect(messaging.tables.campaign.size).toBe(0)
  })

  it("refuses an audience without a single recipient before writing anything (400 naming the field)", async () => {
    const messaging = fakeMessaging()
    const run = startCampaignWorkflow(containerWith(messaging)).run({
      input: { ...input(0), audience: { type: "list" as const, phones: "not-a-number" } },
    })
    await expect(run).rejects.toMatchObject({
      type: "invalid_data",
      message: expect.stringContaining("Field 'audience'"),
    })
    expect(messaging.tables.campaign?.size ?? 0).toBe(0)
  })
})
