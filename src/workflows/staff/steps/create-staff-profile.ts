import { createRowStep } from "../../common/row-steps"

export const createStaffProfileStepId = "messaging-create-staff-profile"

/** Write a staff notification profile. Compensation: it is deleted. */
export const createStaffProfileStep = createRowStep<Record<string, unknown>>(
  createStaffProfileStepId,
  "MessagingStaffProfile"
)
