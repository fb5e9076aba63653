import { updateRowStep } from "../../common/row-steps"

export const updateSenderStepId = "messaging-update-sender"

/** Change a sender. Compensation: the changed fields get their old values back. */
export const updateSenderStep = updateRowStep<Record<string, unknown> & { id: string }>(
  updateSenderStepId,
  "MessagingSender"
)
