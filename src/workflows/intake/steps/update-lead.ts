import { updateIntakeRowStep } from "../row-steps"

export const updateLeadStepId = "intake-update-lead"

/** Change a lead (draft order, status, assignee). Compensation: the changed fields get their old values back. */
export const updateLeadStep = updateIntakeRowStep<Record<string, unknown> & { id: string }>(
  updateLeadStepId,
  "IntakeLead"
)
