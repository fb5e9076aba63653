import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"

export const enqueueCampaignMessagesStepId = "messaging-enqueue-campaign-messages"

/** Recipients written per enqueue: one chunk is one insert. */
export const CAMPAIGN_CHUNK = 500

export interface EnqueueCampaignMessagesStepInput {
  campaign_id: string
  channel: "sms" | "viber" | "omni"
  text: string
  /** Valid numbers first, then the opted-out ones (the outbox records those as skipped). */
  targets: string[]
  sales_channel_id?: string | null
  created_by: string | null
  start: Date | string
  rate_per_second: number
}

/**
 * The campaign's messages, chunk by chunk: chunk k starts where chunk k-1's spacing
 * ends, so the whole run keeps the campaign's rate (waiting out the night). A campaign
 * canceled meanwhile gets no further chunk. Idempotent per recipient (keys start with the
 * campaign id). Compensation: the campaign's messages still waiting are canceled. The
 * campaign is this start's own (createCampaignStep), so its id names every row written
 * here: the checkpoint keeps one id instead of one per recipient (100,000 for a large list).
 */
export const enqueueCampaignMessagesStep = createStep(
  enqueueCampaignMessagesStepId,
  async (input: EnqueueCampaignMessagesStepInput, { container }) => {
    const messaging = messagingOf(container)
    const start = new Date(input.start)
    let enqueued = 0
    for (let i = 0; i < input.targets.length; i += CAMPAIGN_CHUNK) {
      const current = await messaging.retrieveMessagingCampaign(input.campaign_id)
      if (current.status === "canceled") break
      const { created } = await messaging.enqueueManualMessages({
        channel: input.channel,
        recipients: input.targets.slice(i, i + CAMPAIGN_CHUNK),
        body: input.text,
        sales_channel_id: input.sales_channel_id ?? null,
        campaign_id: input.campaign_id,
        marketing: true,
        created_by: input.created_by,
        idempotency_prefix: input.campaign_id,
        schedule: { start, rate_per_second: input.rate_per_second, offset: i },
      })
      enqueued += created.length
    }
    return new StepResponse({ enqueued }, { campaign_id: input.campaign_id, enqueued })
  },
  async (written, { container }) => {
    if (!written?.enqueued) return
    await messagingOf(container).cancelCampaign(written.campaign_id, "campaign start failed")
  }
)
