/**
 * The intake module's service: Medusa's generated CRUD for collectors, leads and mail
 * receipts, plus the few statements that must be atomic (claiming a mail by Message-ID,
 * counting a run). All SQL lives in ./repositories.
 */
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import { IntakeCollector, IntakeLead, IntakeMailReceipt } from "./models"
import { knexOf } from "./repositories/knex"
import { type CollectorCounts, leadCounts } from "./repositories/lead-counts"
import { type MailClaim, claimMail, importedMessageIds, markAlerted, releaseMail } from "./repositories/mail-receipts"

export default class IntakeModuleService extends MedusaService({ IntakeCollector, IntakeLead, IntakeMailReceipt }) {
  @InjectTransactionManager()
  async claimMail(
    input: { collector_id: string; message_id: string; worker: string; imap_uid?: number | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MailClaim> {
    return claimMail(knexOf(sharedContext), input)
  }

  @InjectManager()
  async importedMessageIds(
    collectorId: string,
    messageIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Set<string>> {
    return importedMessageIds(knexOf(sharedContext), collectorId, messageIds)
  }

  @InjectManager()
  async leadCounts(
    collectorIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, CollectorCounts>> {
    return leadCounts(knexOf(sharedContext), collectorIds)
  }

  @InjectTransactionManager()
  async releaseMail(receiptId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await releaseMail(knexOf(sharedContext), receiptId)
  }

  @InjectTransactionManager()
  async markAlerted(collectorId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return markAlerted(knexOf(sharedContext), collectorId)
  }
}
