/** Pausing, resuming, canceling and completing campaigns. */
import { pacedScheduleFor } from "../pipeline/paced-schedule"
import {
  campaignProgress,
  completeFinishedCampaigns,
  loadCampaign,
  markCampaignCanceled,
  markCampaignRunning,
  pausedCampaignMessageIds,
  pauseCampaignRows,
  rescheduleHeldRows,
} from "../repositories/campaigns"
import type { ModuleContext } from "./context"

const CHUNK = 5000

export class CampaignService {
  constructor(private readonly ctx: ModuleContext) {}

  async pause(id: string): Promise<number> {
    return pauseCampaignRows(await this.ctx.knex(), id)
  }

  async resume(id: string): Promise<number> {
    const knex = await this.ctx.knex()
    const campaign = await loadCampaign(knex, id)
    if (!campaign) return 0
    await markCampaignRunning(knex, id)
    const rate = Math.max(1, Number(campaign.rate_per_second) || 20)
    // Re-space the paused rows from now at the campaign's rate, waiting out the night.
    const slots = pacedScheduleFor(
      await this.ctx.parts.settings.siteFor(campaign.sales_channel_id),
      { marketing: true },
      new Date(),
      rate
    )
    const ids = await pausedCampaignMessageIds(knex, id)
    let resumed = 0
    for (let i = 0; i < ids.length; i += CHUNK) {
      const plan = ids.slice(i, i + CHUNK).map((mid) => {
        const slot = slots.next()
        return { id: mid, at: slot.at.toISOString(), status: slot.held ? "deferred" : "queued" }
      })
      resumed += await rescheduleHeldRows(knex, plan)
    }
    this.ctx.parts.dispatch.schedule()
    return resumed
  }

  async cancel(id: string, note = "campaign canceled"): Promise<number> {
    const ids = await markCampaignCanceled(await this.ctx.knex(), id)
    const { canceled } = await this.ctx.parts.outbox.cancel(ids, note)
    return canceled.length
  }

  async progress(id: string): Promise<{ progress: Record<string, number>; next_send_at: Date | null }> {
    return campaignProgress(await this.ctx.knex(), id)
  }

  async completeFinished(): Promise<number> {
    return completeFinishedCampaigns(await this.ctx.knex())
  }
}
