import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CampaignPlan } from "../../../api/admin/messaging/helpers/campaigns"
import type { CampaignAudienceInput } from "../../../api/admin/messaging/validators/messages"
import { messagingOf } from "../../messaging"

export const createCampaignStepId = "messaging-create-campaign"

export interface CreateCampaignStepInput {
  name: string
  channel: "sms" | "viber" | "omni"
  sales_channel_id?: string | null
  audience: CampaignAudienceInput
  rate_per_second: number
  created_by: string | null
  start: Date | string
  plan: CampaignPlan
}

/** Audience as stored on the campaign: the choice, not a copy of a pasted list. */
export function storedAudience(audience: CampaignAudienceInput) {
  const { phones, ...rest } = audience
  return phones === undefined
    ? rest
    : { ...rest, pasted_numbers: phones.split(/[\n\r,;]+/).filter((s) => s.trim()).length }
}

/**
 * The campaign row, in status `enqueuing` while its messages are written.
 * Compensation: the campaign is canceled with every message it still has waiting (what
 * was already handed to a provider stays in History); a campaign that got no message at
 * all is removed.
 */
export const createCampaignStep = createStep(
  createCampaignStepId,
  async (input: CreateCampaignStepInput, { container }) => {
    const targets = input.plan.recipients.length + input.plan.opted_out.length
    const campaign = await messagingOf(container).createMessagingCampaigns({
      name: input.name,
      channel: input.channel,
      status: "enqueuing",
      body: input.plan.text,
      sales_channel_id: input.sales_channel_id ?? null,
      audience: storedAudience(input.audience),
      rate_per_second: input.rate_per_second,
      total: targets,
      skipped: input.plan.opted_out.length,
      estimated_parts: input.plan.estimated_parts,
      created_by: input.created_by,
      started_at: new Date(input.start),
    } as any)
    return new StepResponse({ id: campaign.id as string }, campaign.id as string)
  },
  async (id, { container }) => {
    if (!id) return
    const messaging = messagingOf(container)
    await messaging.cancelCampaign(id)
    const { progress } = await messaging.campaignProgress(id)
    if (progress.total === 0) await messaging.deleteMessagingCampaigns(id)
  }
)
