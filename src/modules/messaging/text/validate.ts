import type { Template } from "liquidjs"
import type { Audience } from "../types"
import { macrosForEvent } from "../events/catalogue"
import { sandboxedLiquid } from "./liquid-engine"
import { lineColumnAt, offsetOfLineColumn, rewriteMacros } from "./macro-syntax"
import type { RewrittenTemplate } from "./macro-syntax"
import { buildMacroVariables } from "./macros"
import { TemplateError, compileTemplate } from "./render"
import { sampleContextForEvent } from "./sample-context"

/**
 * Checks an admin's template before it is saved: Liquid syntax, macros the
 * event does not offer, and — for customer templates — that the event's
 * sample data does not render to an empty text. Positions are lines and
 * columns of the admin's own text (before `#MACRO#` rewriting).
 *
 * The test render is the one used for sending, under the same limits
 * (TEMPLATE_LIMITS: length, nesting, output, characters built, deadline), so
 * a template that would blow up is refused here with a message naming the limit.
 */

export interface ValidationIssue {
  message: string
  line: number
  column: number
}

export interface TemplateValidation {
  ok: boolean
  errors: ValidationIssue[]
  /** Macros/variables the template uses that the event does not offer, in order of appearance. */
  unknownMacros: string[]
  /** Macros the event offers (plus `extraMacros`). */
  allowedMacros: string[]
}

export interface ValidateTemplateOptions {
  event: string
  audience: Audience
  /** More allowed macros, e.g. `CUSTOMER.FIRST_NAME` from flattenEntityMacros for custom rules. */
  extraMacros?: readonly string[]
  /** Locale of the sample data used for the test render (default "en-US"). */
  locale?: string
  /** Values for `extraMacros` in the test render (default: a placeholder per macro). */
  sampleVariables?: Record<string, unknown>
}

/** Validates a template for an event and audience. */
export function validateTemplate(body: string, options: ValidateTemplateOptions): TemplateValidation {
  const allowedMacros = [
    ...new Set([...macrosForEvent(options.event).map((m) => m.name), ...(options.extraMacros ?? [])]),
  ]
  const errors: ValidationIssue[] = []
  const unknown = new Set<string>()
  const report = (name: string, line: number, column: number) => {
    unknown.add(name)
    errors.push({ message: `Unknown macro "${name}" for event ${options.event}`, line, column })
  }

  let templates: Template[] | null = null
  const rewritten = rewriteMacros(body)
  try {
    templates = compileTemplate(body).templates
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    errors.push({ message: error.reason, line: error.line, column: error.column })
  }

  if (templates) {
    for (const use of globalVariableUses(templates, rewritten)) {
      if (!isAllowed(use.path, allowedMacros)) report(use.path.join("."), use.line, use.column)
    }
  } else {
    for (const macro of rewritten.macros) {
      if (!isAllowed(macro.name.split("."), allowedMacros)) {
        const at = lineColumnAt(body, macro.offset)
        report(macro.name, at.line, at.column)
      }
    }
  }

  if (templates) errors.push(...sampleRenderIssues(body, options))
  return { ok: errors.length === 0, errors, unknownMacros: [...unknown], allowedMacros }
}

/** Top-level variables (not loop variables or assigns) with their position in the admin's text. */
function globalVariableUses(
  templates: Template[],
  rewritten: RewrittenTemplate
): Array<{ path: string[]; line: number; column: number }> {
  const analysis = sandboxedLiquid.analyzeSync(templates, { partials: false })
  const uses: Array<{ path: string[]; line: number; column: number; offset: number }> = []
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const path: string[] = []
      for (const segment of variable.segments) {
        if (typeof segment !== "string") break
        path.push(segment)
      }
      if (path.length === 0) continue
      const liquidOffset = offsetOfLineColumn(rewritten.liquid, variable.location.row, variable.location.col)
      const offset = rewritten.toSourceOffset(liquidOffset)
      uses.push({ path, offset, ...lineColumnAt(rewritten.source, offset) })
    }
  }
  return uses.sort((a, b) => a.offset - b.offset)
}

/**
 * A path is allowed when it equals an allowed macro, extends one
 * (`items.first`, `CUSTOMER.FIRST_NAME.size`) or is the object part of a
 * dotted macro (`CUSTOMER` when `CUSTOMER.FIRST_NAME` is allowed).
 */
function isAllowed(path: string[], allowed: readonly string[]): boolean {
  const dotted = path.join(".")
  return allowed.some((macro) => {
    if (dotted === macro) return true
    if (dotted.startsWith(`${macro}.`)) return true
    return macro.startsWith(`${dotted}.`)
  })
}

/** Renders with the event's sample data: render errors, and an empty text for customers, are issues. */
function sampleRenderIssues(body: string, options: ValidateTemplateOptions): ValidationIssue[] {
  const variables = {
    ...placeholderVariables(options.extraMacros ?? []),
    ...(options.sampleVariables ?? {}),
    ...buildMacroVariables(sampleContextForEvent(options.event, { locale: options.locale })),
  }
  let output: string
  try {
    output = compileTemplate(body).render(variables)
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    return [{ message: error.reason, line: error.line, column: error.column }]
  }
  if (options.audience === "customer" && output.trim() === "") {
    return [
      {
        message: `The text is empty with the sample data for ${options.event}: the customer would get an empty message`,
        line: 1,
        column: 1,
      },
    ]
  }
  return []
}

/** `CUSTOMER.FIRST_NAME` → `{ CUSTOMER: { FIRST_NAME: "[CUSTOMER.FIRST_NAME]" } }`. */
function placeholderVariables(macros: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const macro of macros) {
    const segments = macro.split(".")
    let target = root
    segments.forEach((segment, index) => {
      if (index === segments.length - 1) {
        if (!(segment in target)) target[segment] = `[${macro}]`
        return
      }
      const next = target[segment]
      if (next === null || typeof next !== "object") target[segment] = {}
      target = target[segment] as Record<string, unknown>
    })
  }
  return root
}
