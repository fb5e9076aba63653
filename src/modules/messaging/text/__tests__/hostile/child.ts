/**
 * Child process of hostile-templates.spec.ts: renders and validates the
 * hostile templates from index `argv[2]` on, one line per step on stdout:
 *   START <i>
 *   RESULT <i> <json>
 * A template that exhausts the (capped) heap kills this process; the parent
 * sees a START without its RESULT and starts a new child after it.
 */
import { TemplateError, renderTemplateSync, validateTemplate } from "../.."
import { HOSTILE_CASES } from "./cases"

export type RenderOutcome =
  | { status: "rendered"; length: number }
  | { status: "refused"; kind: string; reason: string }
  | { status: "failed"; message: string }

export interface CaseResult {
  render: RenderOutcome
  validation: { ok: boolean; messages: string[] } | { failed: string }
  rssMb: number
}

function render(template: string, variables: object): RenderOutcome {
  try {
    return { status: "rendered", length: renderTemplateSync(template, variables).length }
  } catch (error) {
    if (error instanceof TemplateError) return { status: "refused", kind: error.kind, reason: error.reason }
    return { status: "failed", message: String((error as Error)?.message ?? error) }
  }
}

function validate(template: string): CaseResult["validation"] {
  try {
    const result = validateTemplate(template, { event: "order.placed", audience: "staff" })
    return { ok: result.ok, messages: result.errors.map((e) => e.message) }
  } catch (error) {
    return { failed: String((error as Error)?.message ?? error) }
  }
}

const from = Number(process.argv[2] ?? 0)
for (let i = from; i < HOSTILE_CASES.length; i++) {
  const c = HOSTILE_CASES[i]
  process.stdout.write(`START ${i}\n`)
  const result: CaseResult = {
    render: render(c.template, c.variables ?? {}),
    validation: validate(c.template),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  }
  process.stdout.write(`RESULT ${i} ${JSON.stringify(result)}\n`)
}
