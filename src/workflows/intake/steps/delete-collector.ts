import { deleteIntakeRowStep } from "../row-steps"

export const deleteCollectorStepId = "intake-delete-collector"

/** Delete a collector (its leads stay). Compensation: it is written again as it was. */
export const deleteCollectorStep = deleteIntakeRowStep(deleteCollectorStepId, "IntakeCollector")
