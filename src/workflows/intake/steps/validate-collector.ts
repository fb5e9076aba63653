import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { HttpCollectorConfig, MailboxCollectorConfig } from "../../../modules/intake/collector-config"
import { intakeOf } from "../intake"

export const validateCollectorStepId = "intake-validate-collector"

export interface CollectorInput {
  id?: string
  data: Record<string, any>
}

const invalid = (field: string, problem: string) =>
  new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: Field '${field}' ${problem}`)

/** The HTTP secret must be hard to guess: it is the only thing between the internet and the lead table. */
const MIN_SECRET = 16

/**
 * The row to write: the config checked against the type's schema (400 naming the field),
 * secrets merged (an empty value keeps the stored one) and required for the type.
 * Reads only: nothing to undo.
 */
export const validateCollectorStep = createStep(
  validateCollectorStepId,
  async (input: CollectorInput, { container }) => {
    const before = input.id ? await intakeOf(container).retrieveIntakeCollector(input.id) : null
    const type = (before?.type ?? input.data.type) as "http" | "mailbox"
    const schema = type === "http" ? HttpCollectorConfig : MailboxCollectorConfig
    const parsed = schema.safeParse({ ...(before?.config ?? {}), ...(input.data.config ?? {}) })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalid(`config.${issue.path.join(".")}`, issue.message.toLowerCase())
    }
    const given = Object.fromEntries(Object.entries(input.data.secrets ?? {}).filter(([, v]) => v))
    const secrets = { ...((before?.secrets as Record<string, string>) ?? {}), ...given }
    if (type === "http" && (!secrets.secret || String(secrets.secret).length < MIN_SECRET)) {
      throw invalid("secrets.secret", `is required, at least ${MIN_SECRET} characters`)
    }
    if (type === "mailbox" && !secrets.password) throw invalid("secrets.password", "is required")
    const { secrets: _s, config: _c, type: _t, ...rest } = input.data
    return new StepResponse({
      ...(input.id ? { id: input.id } : { type }),
      ...rest,
      config: parsed.data as Record<string, unknown>,
      secrets,
    })
  }
)
