import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertAllowedAccountHost,
  assertKnownFields,
  assertUsableAccount,
  mergeCredentials,
} from "../../../api/admin/messaging/helpers/accounts"
import type { CreateAccountBody } from "../../../api/admin/messaging/validators/settings"
import { messagingOf } from "../../messaging"

export const validateNewAccountStepId = "messaging-validate-new-account"

/**
 * A provider account as the admin adds it: known fields of its type, usable as a whole,
 * a host the allowed_hosts policy lets through (400 naming the field, never echoing a
 * value). Answers the row to write. Reads only.
 */
export const validateNewAccountStep = createStep(
  validateNewAccountStepId,
  async (body: CreateAccountBody, { container }) => {
    const { credentials = {}, config = {}, ...rest } = body
    assertKnownFields(rest.type, credentials, config)
    const creds = mergeCredentials({}, credentials)
    const cleanConfig = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== ""))
    assertUsableAccount(rest.type, creds, cleanConfig, rest.base_url)
    await assertAllowedAccountHost(
      rest.type,
      rest.base_url,
      cleanConfig,
      messagingOf(container).getOptions().allowed_hosts
    )
    return new StepResponse<Record<string, unknown>>({
      ...rest,
      credentials: creds,
      config: cleanConfig,
      source: "admin",
    })
  }
)
