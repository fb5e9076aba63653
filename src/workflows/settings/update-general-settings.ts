import { createWorkflow, transform, WorkflowResponse, type WorkflowData } from "@medusajs/framework/workflows-sdk"
import { GENERAL_SETTINGS_ID } from "../../api/admin/messaging/helpers/balances"
import { ensureInstalledStep } from "./steps/ensure-installed"
import { updateGeneralSettingStep } from "./steps/update-general-setting"

export const updateGeneralSettingsWorkflowId = "messaging-update-general-settings"

/** Change some of the plugin-wide settings. */
export const updateGeneralSettingsWorkflow = createWorkflow(
  updateGeneralSettingsWorkflowId,
  (data: WorkflowData<Record<string, unknown>>) => {
    ensureInstalledStep()
    return new WorkflowResponse(
      updateGeneralSettingStep(transform({ data }, ({ data }) => ({ ...data, id: GENERAL_SETTINGS_ID })))
    )
  }
)
