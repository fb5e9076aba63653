import { deleteRowStep } from "../../common/row-steps"

export const deleteTemplateStepId = "messaging-delete-template"

/** Delete a template. Compensation: it is written again as it was. */
export const deleteTemplateStep = deleteRowStep(deleteTemplateStepId, "MessagingTemplate")
