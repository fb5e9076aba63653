import { createRowStep } from "../../common/row-steps"

export const createSiteStepId = "messaging-create-site"

/** Write a site's own settings. Compensation: they are deleted. */
export const createSiteStep = createRowStep<Record<string, unknown>>(createSiteStepId, "MessagingSite")
