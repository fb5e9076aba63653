import { updateIntakeRowStep } from "../row-steps"

export const updateCollectorStepId = "intake-update-collector"

/** Change a collector (settings, run state). Compensation: the changed fields get their old values back. */
export const updateCollectorStep = updateIntakeRowStep<Record<string, unknown> & { id: string }>(
  updateCollectorStepId,
  "IntakeCollector"
)
