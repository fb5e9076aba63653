import { updateRowStep } from "../../common/row-steps"

export const updateTemplateStepId = "messaging-update-template"

/** Change a template. Compensation: the changed fields get their old values back. */
export const updateTemplateStep = updateRowStep<Record<string, unknown> & { id: string }>(
  updateTemplateStepId,
  "MessagingTemplate"
)
