import { deleteRowStep } from "../../common/row-steps"

export const deleteProviderAccountStepId = "messaging-delete-provider-account"

/** Delete a provider account and drop the cached accounts. Compensation: it is written again as it was. */
export const deleteProviderAccountStep = deleteRowStep(deleteProviderAccountStepId, "MessagingProviderAccount", {
  invalidateCaches: true,
})
