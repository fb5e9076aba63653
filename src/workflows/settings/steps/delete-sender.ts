import { deleteRowStep } from "../../common/row-steps"

export const deleteSenderStepId = "messaging-delete-sender"

/** Delete a sender. Compensation: it is written again as it was. */
export const deleteSenderStep = deleteRowStep(deleteSenderStepId, "MessagingSender")
