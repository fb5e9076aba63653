import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { enqueueEventMessagesStep } from "./notify/steps/enqueue-event-messages"
import { type NotifyEventInput, resolveEventContextStep } from "./notify/steps/resolve-event-context"

export { enqueueEventMessagesStep } from "./notify/steps/enqueue-event-messages"
export { type NotifyEventInput, resolveEventContextStep } from "./notify/steps/resolve-event-context"

/** A shop event → messages in the outbox (the dispatcher sends them). */
export const notifyEventWorkflow = createWorkflow("messaging-notify-event", (input: NotifyEventInput) => {
  const resolved = resolveEventContextStep(input)
  const result = enqueueEventMessagesStep(resolved)
  return new WorkflowResponse(result)
})
