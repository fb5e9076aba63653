import { deleteRowStep } from "../../common/row-steps"

export const deleteStaffProfileStepId = "messaging-delete-staff-profile"

/** Delete a staff profile. Compensation: it is written again as it was. */
export const deleteStaffProfileStep = deleteRowStep(deleteStaffProfileStepId, "MessagingStaffProfile")
