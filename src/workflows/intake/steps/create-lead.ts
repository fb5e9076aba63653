import { createIntakeRowStep } from "../row-steps"

export const createLeadStepId = "intake-create-lead"

/** Write the lead. Compensation: it is deleted. */
export const createLeadStep = createIntakeRowStep<Record<string, unknown>>(createLeadStepId, "IntakeLead")
