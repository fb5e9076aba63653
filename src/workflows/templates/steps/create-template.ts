import { createRowStep } from "../../common/row-steps"

export const createTemplateStepId = "messaging-create-template"

/** Write a template. Compensation: it is deleted. */
export const createTemplateStep = createRowStep<Record<string, unknown>>(createTemplateStepId, "MessagingTemplate")
