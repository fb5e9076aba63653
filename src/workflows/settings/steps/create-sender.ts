import { createRowStep } from "../../common/row-steps"

export const createSenderStepId = "messaging-create-sender"

/** Write a sender. Compensation: it is deleted. */
export const createSenderStep = createRowStep<Record<string, unknown>>(createSenderStepId, "MessagingSender")
