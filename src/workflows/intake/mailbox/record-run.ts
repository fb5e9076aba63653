import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type CollectorAlertInput, sendCollectorAlertStep } from "../steps/send-collector-alert"
import { updateCollectorStep } from "../steps/update-collector"

export interface RecordRunInput {
  /** The collector's run state to write (last run, error, failures, backoff, outage start). */
  state: Record<string, unknown> & { id: string }
  /** Set when the run failed: the outage alert (sent once per outage). */
  alert: CollectorAlertInput | null
}

/** A mailbox run recorded on its collector; a failure may alert the shop (once per outage). */
export const recordMailboxRunWorkflow = createWorkflow("intake-record-mailbox-run", (input: RecordRunInput) => {
  const updated = updateCollectorStep(transform({ input }, ({ input }) => input.state))
  when("intake-run-failed", { input }, ({ input }) => !!input.alert).then(() => {
    sendCollectorAlertStep(transform({ input }, ({ input }) => input.alert!))
  })
  return new WorkflowResponse(updated)
})
