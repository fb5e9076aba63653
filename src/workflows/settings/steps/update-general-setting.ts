import { updateRowStep } from "../../common/row-steps"

export const updateGeneralSettingStepId = "messaging-update-general-setting"

/** Change the plugin-wide settings and drop the cached ones. Compensation: the changed fields get their old values back. */
export const updateGeneralSettingStep = updateRowStep<Record<string, unknown> & { id: string }>(
  updateGeneralSettingStepId,
  "MessagingGeneralSetting",
  { invalidateCaches: true }
)
