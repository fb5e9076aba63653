import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertAllowedAccountHost,
  assertKnownFields,
  assertSecretsReentered,
  assertUsableAccount,
  mergeCredentials,
  type AccountRow,
} from "../../../api/admin/messaging/helpers/accounts"
import { invalidField } from "../../../api/admin/messaging/helpers/errors"
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
    const stored = (await messaging.retrieveMessagingProviderAccount(input.id)) as unknown as AccountRow
    const { credentials, config, ...rest } = input.data
    const credentialsChanged =
      credentials !== undefined &&
      Object.values(credentials).some((v) => v === null || v === "" || !v.startsWith("****"))
    if (stored.source === "options" && (credentialsChanged || config !== undefined || rest.base_url !== undefined)) {
      throw invalidField(
        credentialsChanged ? "credentials" : config !== undefined ? "config" : "base_url",
        "cannot be changed here: this account is declared in medusa-config (plugin options); change it there"
      )
    }
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
