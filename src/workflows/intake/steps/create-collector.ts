import { createIntakeRowStep } from "../row-steps"

export const createCollectorStepId = "intake-create-collector"

/** Write a collector. Compensation: it is deleted. */
export const createCollectorStep = createIntakeRowStep<Record<string, unknown>>(
  createCollectorStepId,
  "IntakeCollector"
)
