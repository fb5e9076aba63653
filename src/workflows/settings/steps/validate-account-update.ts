import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertAllowedAccountHost,
  assertEditableHere,
  assertKnownFields,
  assertSecretsReentered,
  assertUsableAccount,
  mergeCredentials,
} from "../../../api/admin/messaging/helpers/accounts"
import type { UpdateAccountBody } from "../../../api/admin/messaging/validators/settings"
import { messagingOf } from "../../messaging"

export const validateAccountUpdateStepId = "messaging-validate-account-update"

/**
 * The change to an account: credentials are only replaced when a new value is sent;
 * accounts declared in medusa-config take theirs from there; changing where the account
 * connects needs its secrets entered again. 400 naming the field; 404 for an unknown id.
 * Answers the row to write. Reads only.
 */
export const validateAccountUpdateStep = createStep(
  validateAccountUpdateStepId,
  async (input: { id: string; data: UpdateAccountBody }, { container }) => {
    const messaging = messagingOf(container)
    const stored = await messaging.retrieveMessagingProviderAccount(input.id)
    const { credentials, config, ...rest } = input.data
    assertEditableHere(stored, { credentials, config, base_url: rest.base_url })
    const nextCredentials = mergeCredentials(stored.credentials, credentials)
    const nextConfig =
      config === undefined
        ? { ...(stored.config ?? {}) }
        : Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== ""))
    assertKnownFields(stored.type, credentials ?? {}, config ?? {})
    const baseUrl = rest.base_url === undefined ? stored.base_url : rest.base_url
    assertUsableAccount(stored.type, nextCredentials, nextConfig, baseUrl)
    assertSecretsReentered(stored, { base_url: baseUrl, config: nextConfig }, credentials)
    await assertAllowedAccountHost(stored.type, baseUrl, nextConfig, messaging.getOptions().allowed_hosts)
    return new StepResponse<Record<string, unknown> & { id: string }>({
      id: stored.id,
      ...rest,
      ...(credentials !== undefined ? { credentials: nextCredentials } : {}),
      ...(config !== undefined ? { config: nextConfig } : {}),
    })
  }
)
