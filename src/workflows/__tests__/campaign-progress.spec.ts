import { campaignWithProgress } from "../../api/admin/messaging/helpers/campaigns"
import { fakeMessaging } from "./fake-messaging"

describe("reading a campaign", () => {
  it("never completes it, even with nothing left to send (the maintenance job does)", async () => {
    const messaging = fakeMessaging()
    const campaign = await messaging.createMessagingCampaigns({ name: "Done", status: "running" })
    const read = await campaignWithProgress(messaging as any, campaign.id)
    expect(read).toMatchObject({ id: campaign.id, status: "running", progress: { total: 0 }, next_send_at: null })
    expect(messaging.calls.filter((c: unknown[]) => String(c[0]).startsWith("update"))).toEqual([])
    expect(messaging.tables.campaign.get(campaign.id)!.status).toBe("running")
  })
})
