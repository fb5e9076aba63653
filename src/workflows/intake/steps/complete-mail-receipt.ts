import { updateIntakeRowStep } from "../row-steps"

export const completeMailReceiptStepId = "intake-complete-mail-receipt"

/** The mail's receipt becomes "imported" with its lead. Compensation: back to "importing" (another poll may retry). */
export const completeMailReceiptStep = updateIntakeRowStep<{ id: string; status: "imported"; lead_id: string }>(
  completeMailReceiptStepId,
  "IntakeMailReceipt"
)
