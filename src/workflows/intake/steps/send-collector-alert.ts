import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { messagingOf } from "../../messaging"
import { intakeOf } from "../intake"

export const sendCollectorAlertStepId = "intake-send-collector-alert"

export interface CollectorAlertInput {
  collector_id: string
  name: string
  error: string
  down_since: string
  /** The collector's alert address, else the messaging settings' alert e-mail. */
  alert_email: string | null
}

/**
 * The outage alert e-mail, once per outage: the first worker to mark the collector alerted
 * sends it (a conditional update), later failures of the same outage send nothing. Through the
 * messaging outbox, keyed by the outage start. Last step: nothing to undo.
 */
export const sendCollectorAlertStep = createStep(
  sendCollectorAlertStepId,
  async (input: CollectorAlertInput, { container }) => {
    const messaging = messagingOf(container)
    const to = input.alert_email ?? ((await messaging.generalSettings()).alert_email as string | null) ?? null
    if (!to) return new StepResponse({ sent: false })
    if (!(await intakeOf(container).markAlerted(input.collector_id))) return new StepResponse({ sent: false })
    await messaging.enqueueManualMessages({
      channel: "email",
      recipients: [to],
      subject: `Intake: mailbox "${input.name}" cannot be read`,
      body:
        `The mailbox collector "${input.name}" (${input.collector_id}) has failed since ${input.down_since}.\n\n` +
        `Last error: ${input.error}\n\nIt is retried with backoff; you get one e-mail per outage.`,
      critical: true,
      idempotency_prefix: `intake-alert:${input.collector_id}:${input.down_since}`,
    })
    return new StepResponse({ sent: true })
  }
)
