import { deleteRowStep } from "../../common/row-steps"

export const deleteSiteStepId = "messaging-delete-site"

/** Delete a sales channel's own settings. Compensation: they are written again as they were. */
export const deleteSiteStep = deleteRowStep(deleteSiteStepId, "MessagingSite")
