import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { resendMessagesStep, type ResendMessagesStepInput } from "./steps/resend-messages"

export const resendMessagesWorkflowId = "messaging-resend-messages"

/** Copies of finished messages; `not_resent` lists the ids that got no copy, `refused` says why. */
export const resendMessagesWorkflow = createWorkflow(
  resendMessagesWorkflowId,
  (input: WorkflowData<ResendMessagesStepInput>) => {
    const result = resendMessagesStep(input)
    return new WorkflowResponse(
      transform({ input, result }, ({ input, result }) => {
        const resent = new Set(result.created.map((m) => m.parent_id))
        return {
          messages: result.created,
          not_resent: input.ids.filter((id) => !resent.has(id)),
          refused: result.refused,
        }
      })
    )
  }
)
