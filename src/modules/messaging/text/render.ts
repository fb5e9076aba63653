import type { Template } from "liquidjs"
import { parseLimited, renderLimited, sandboxedLiquid } from "./liquid-engine"
import { RenderBudget, TEMPLATE_LIMITS, TemplateLimitError, clock } from "./limits"
import { lineColumnAt, rewriteMacros } from "./macro-syntax"
import type { MacroOccurrence, RewrittenTemplate } from "./macro-syntax"
import { LruCache, contentHash } from "./template-cache"

/**
 * Rendering of admin-edited templates: sandboxed Liquid plus `#MACRO#` sugar.
 *
 * Templates are parsed once and cached by the SHA-1 of their text in a bounded
 * LRU, and rendered by LiquidJS's synchronous renderer under the limits of
 * {@link TEMPLATE_LIMITS} (length and nesting before parsing; output, characters
 * built and a deadline per render). Every failure is a {@link TemplateError}
 * with a line and column in the admin's original text.
 */

export const DEFAULT_MAX_OUTPUT_LENGTH = TEMPLATE_LIMITS.maxOutputLength
export const DEFAULT_TEMPLATE_CACHE_SIZE = 500

export type TemplateErrorKind = "syntax" | "render" | "limit" | "too_large"

/** A template could not be parsed or rendered. `line`/`column` are 1-based, in the admin's text. */
export class TemplateError extends Error {
  readonly name = "TemplateError"

  constructor(
    /** What went wrong, without the position. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly kind: TemplateErrorKind,
    options?: { cause?: unknown }
  ) {
    super(`${reason} (line ${line}, column ${column})`)
    if (options && "cause" in options) Object.defineProperty(this, "cause", { value: options.cause, enumerable: false })
  }
}

export interface RenderOptions {
  /** Longest allowed output in characters (default 20,000). */
  maxOutputLength?: number
  /** Wall-clock deadline of one render in milliseconds (default 250). */
  renderTimeLimitMs?: number
  /** Characters one render may build: filter results, assign, capture, output (default 100,000). */
  maxBuiltChars?: number
  /** Clock for the deadline, in milliseconds (tests); default `performance.now`. */
  now?: () => number
}

/** A parsed, cached template. */
export interface CompiledTemplate {
  /** SHA-1 of the admin's text: the cache key. */
  readonly hash: string
  /** The admin's text. */
  readonly source: string
  /** The text after `#MACRO#` rewriting. */
  readonly liquidSource: string
  /** `#MACRO#` occurrences in the admin's text. */
  readonly macros: readonly MacroOccurrence[]
  /** Parsed LiquidJS templates (for static analysis). */
  readonly templates: Template[]
  render(variables: object, options?: RenderOptions): string
}

interface Counters {
  parses: number
  renders: number
}

interface RenderLimits {
  maxOutputLength: number
  now: () => number
  deadline: number
  renderTimeMs: number
}

const cache = new LruCache<CompiledTemplate>(DEFAULT_TEMPLATE_CACHE_SIZE)
const counters: Counters = { parses: 0, renders: 0 }

/** Parses (or takes from the cache) a template. Throws {@link TemplateError} on syntax errors. */
export function compileTemplate(body: string): CompiledTemplate {
  if (typeof body !== "string") throw new TypeError("Template body must be a string")
  if (body.length > TEMPLATE_LIMITS.maxTemplateLength) {
    throw new TemplateError(
      `Template is ${formatCount(body.length)} characters long; the limit is ${formatCount(TEMPLATE_LIMITS.maxTemplateLength)}`,
      1,
      1,
      "too_large"
    )
  }
  const hash = contentHash(body)
  const cached = cache.get(hash)
  if (cached) return cached
  const compiled = parseTemplate(body, hash)
  cache.set(hash, compiled)
  return compiled
}

/** Renders a template synchronously. */
export function renderTemplateSync(body: string, variables: object, options?: RenderOptions): string {
  return compileTemplate(body).render(variables, options)
}

/**
 * Renders a template. The work is synchronous (no I/O: variables are plain
 * data); the promise form matches callers that may later render remotely.
 */
export async function renderTemplate(body: string, variables: object, options?: RenderOptions): Promise<string> {
  return renderTemplateSync(body, variables, options)
}

/** Cache and renderer counters, for tests and the debug tab. */
export function templateCacheStats(): ReturnType<LruCache<CompiledTemplate>["stats"]> & Counters {
  return { ...cache.stats(), ...counters }
}

/** Empties the cache, resets counters and optionally changes the capacity. */
export function resetTemplateCache(capacity = DEFAULT_TEMPLATE_CACHE_SIZE): void {
  cache.clear(capacity)
  counters.parses = counters.renders = 0
}

function parseTemplate(body: string, hash: string): CompiledTemplate {
  counters.parses++
  const rewritten = rewriteMacros(body)
  let templates: Template[]
  try {
    templates = parseLimited(sandboxedLiquid, rewritten.liquid)
  } catch (error) {
    throw toTemplateError(error, rewritten)
  }
  return {
    hash,
    source: body,
    liquidSource: rewritten.liquid,
    macros: rewritten.macros,
    templates,
    render: (variables, options) => renderParsed(rewritten, templates, variables, options),
  }
}

function renderParsed(
  rewritten: RewrittenTemplate,
  templates: Template[],
  variables: object,
  options: RenderOptions | undefined
): string {
  const now = options?.now ?? clock
  const renderTimeMs = options?.renderTimeLimitMs ?? TEMPLATE_LIMITS.renderTimeMs
  const limits: RenderLimits = {
    maxOutputLength: options?.maxOutputLength ?? DEFAULT_MAX_OUTPUT_LENGTH,
    now,
    deadline: now() + renderTimeMs,
    renderTimeMs,
  }
  const output = renderWithLiquid(rewritten, templates, variables, limits, options)
  if (output.length > limits.maxOutputLength) {
    const end = lineColumnAt(rewritten.source, rewritten.source.length)
    throw new TemplateError(
      `Rendered text is ${formatCount(output.length)} characters long; the limit is ${formatCount(limits.maxOutputLength)}`,
      end.line,
      end.column,
      "too_large"
    )
  }
  return output
}

function renderWithLiquid(
  rewritten: RewrittenTemplate,
  templates: Template[],
  variables: object,
  limits: RenderLimits,
  options: RenderOptions | undefined
): string {
  counters.renders++
  const budget = new RenderBudget({
    maxBuiltChars: options?.maxBuiltChars,
    renderTimeMs: limits.renderTimeMs,
    now: limits.now,
    deadline: limits.deadline,
  })
  try {
    return renderLimited(sandboxedLiquid, templates, variables ?? {}, {
      budget,
      maxOutputLength: limits.maxOutputLength,
    })
  } catch (error) {
    throw toTemplateError(error, rewritten, budget)
  }
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US")
}

const LIQUID_POSITION_SUFFIX = /,\s*line:\d+,\s*col:\d+\s*$/

/** Converts a LiquidJS error into a {@link TemplateError} positioned in the admin's text. */
export function toTemplateError(error: unknown, rewritten: RewrittenTemplate, budget?: RenderBudget): TemplateError {
  if (error instanceof TemplateError) return error
  const err = (error ?? {}) as { name?: string; message?: string; token?: { begin?: unknown } }
  const limit = limitErrorIn(error)
  const liquidOffset = limit?.tokenBegin ?? (typeof err.token?.begin === "number" ? err.token.begin : 0)
  const at = lineColumnAt(rewritten.source, rewritten.toSourceOffset(liquidOffset))
  if (limit) {
    const kind = limit.limit === "output" || limit.limit === "length" ? "too_large" : "limit"
    const reason = limit.limit === "depth" ? `Template refused: ${limit.message}` : `Template stopped: ${limit.message}`
    return new TemplateError(reason, at.line, at.column, kind, { cause: error })
  }
  const raw = String(err.message ?? error).replace(LIQUID_POSITION_SUFFIX, "")
  const { reason, kind } = describeLiquidFailure(raw, err.name, budget)
  return new TemplateError(reason, at.line, at.column, kind, { cause: error })
}

/** The {@link TemplateLimitError} behind an error, if any (LiquidJS wraps what filters and tags throw). */
function limitErrorIn(error: unknown): TemplateLimitError | null {
  let current: unknown = error
  for (let i = 0; i < 10 && current; i++) {
    if (current instanceof TemplateLimitError) return current
    current = (current as { originalError?: unknown }).originalError
  }
  return null
}

function describeLiquidFailure(
  message: string,
  name: string | undefined,
  budget: RenderBudget | undefined
): { reason: string; kind: TemplateErrorKind } {
  if (message.includes("memory alloc limit exceeded")) {
    const max = formatCount(TEMPLATE_LIMITS.liquidMemory)
    return {
      reason: `Template stopped: a range or list grew past ${max} items (the limit for one render)`,
      kind: "limit",
    }
  }
  if (message.includes("template render limit exceeded")) {
    const ms = budget?.renderTimeMs ?? TEMPLATE_LIMITS.renderTimeMs
    return { reason: `Template stopped: ${TemplateLimitError.time(ms).message}`, kind: "limit" }
  }
  if (message.includes("parse length limit exceeded")) {
    return {
      reason: `Template is longer than ${formatCount(TEMPLATE_LIMITS.maxTemplateLength)} characters`,
      kind: "too_large",
    }
  }
  if (name === "ParseError" || name === "TokenizationError") {
    return { reason: `Syntax error: ${message}`, kind: "syntax" }
  }
  return { reason: `Render error: ${message}`, kind: "render" }
}
