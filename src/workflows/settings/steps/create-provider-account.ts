import type { AccountRow } from "../../../modules/messaging/models/rows"
import { createRowStep } from "../../common/row-steps"

export const createProviderAccountStepId = "messaging-create-provider-account"

/** Write a provider account and drop the cached accounts. Compensation: it is deleted. */
export const createProviderAccountStep = createRowStep<Record<string, unknown>, AccountRow>(
  createProviderAccountStepId,
  "MessagingProviderAccount",
  { invalidateCaches: true }
)
