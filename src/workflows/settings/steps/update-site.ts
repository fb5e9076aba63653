import { updateRowStep } from "../../common/row-steps"

export const updateSiteStepId = "messaging-update-site"

/** Change a site's settings. Compensation: the changed fields get their old values back. */
export const updateSiteStep = updateRowStep<Record<string, unknown> & { id: string }>(updateSiteStepId, "MessagingSite")
