import type { AccountRow } from "../../../modules/messaging/models/rows"
import { updateRowStep } from "../../common/row-steps"

export const updateProviderAccountStepId = "messaging-update-provider-account"

/** Change a provider account and drop the cached accounts. Compensation: the changed fields get their old values back. */
export const updateProviderAccountStep = updateRowStep<Record<string, unknown> & { id: string }, AccountRow>(
  updateProviderAccountStepId,
  "MessagingProviderAccount",
  { invalidateCaches: true }
)
