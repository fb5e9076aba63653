import { updateRowStep } from "../../common/row-steps"

export const updateStaffProfileStepId = "messaging-update-staff-profile"

/** Change a staff profile. Compensation: the changed fields get their old values back. */
export const updateStaffProfileStep = updateRowStep<Record<string, unknown> & { id: string }>(
  updateStaffProfileStepId,
  "MessagingStaffProfile"
)
