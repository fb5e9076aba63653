import { AssignTag, CaptureTag, Context, Liquid, Parser, Tokenizer, TypeGuards, toValue, toValueSync } from "liquidjs"
import type { Emitter, FilterImplOptions, Template, TopLevelToken } from "liquidjs"
import {
  PER_ITEM_FILTERS,
  PER_ITEM_INPUT_FACTOR,
  RenderBudget,
  TEMPLATE_LIMITS,
  TemplateLimitError,
  measure,
} from "./limits"

/**
 * The one sandboxed Liquid engine used for admin-edited templates.
 *
 *  - `ownPropertyOnly`: `x.constructor`, `__proto__` and other inherited members read as nil.
 *  - `strictFilters`: an unknown filter (`{{ x | constructor }}`) is a parse error.
 *  - no file system: `templates: {}` is an empty in-memory store, and the
 *    `include`, `render`, `layout` and `block` tags are removed altogether.
 *  - `jsTruthy`: `""`, `0` and nil are false in `{% if %}`, so `{% if CARRIER %}`
 *    skips an empty macro (shop admins expect that; plain Liquid treats "" as true).
 *  - DoS limits ({@link TEMPLATE_LIMITS}): every filter is wrapped so that it
 *    checks the deadline, refuses an input larger than the render's budget,
 *    refuses a result predicted to overflow it (`replace`, `join`, `date`
 *    padding) and charges its result; `assign` and `capture` charge what they
 *    store; the output is written through an emitter that charges it; block
 *    tags (and brackets in expressions) nested deeper than the limit are
 *    refused before LiquidJS's recursive parser sees them.
 */

export const LIQUID_JS_TRUTHY = true

const REMOVED_TAGS = ["include", "render", "layout", "block"] as const
/** Tags whose body runs until `end<name>`; `liquid` holds tags of its own. */
const BLOCK_TAGS = new Set(["if", "unless", "for", "case", "capture", "tablerow", "comment"])

const BUDGET: unique symbol = Symbol("render-budget")
type BudgetedContext = Context & { [BUDGET]?: RenderBudget }

/** The budget of a render; a context LiquidJS made on its own (e.g. `renderSync`) gets a default one. */
export function budgetOf(ctx: Context): RenderBudget {
  const budgeted = ctx as BudgetedContext
  return (budgeted[BUDGET] ??= new RenderBudget())
}

/** LiquidJS's output stringification. */
function stringify(value: unknown): string {
  const v = toValue(value)
  if (typeof v === "string") return v
  if (v === null || v === undefined) return ""
  if (Array.isArray(v)) return v.map(stringify).join("")
  return String(v)
}

/** An emitter that charges every write to the budget and stops at `maxLength`. */
class BudgetedEmitter implements Emitter {
  buffer = ""

  constructor(
    private readonly budget: RenderBudget,
    private readonly maxLength = Infinity
  ) {}

  write(html: unknown): void {
    // A list (a range) is refused before it is turned into text.
    if (Array.isArray(html)) this.budget.reserve(measure(html, this.budget.maxBuiltChars), "the output")
    const text = stringify(html)
    this.budget.charge(text.length)
    if (this.buffer.length + text.length > this.maxLength) throw TemplateLimitError.output(this.maxLength)
    this.buffer += text
  }
}

class BudgetedAssignTag extends AssignTag {
  *render(ctx: Context): Generator<unknown, void, unknown> {
    yield* super.render(ctx)
    const key = (this as unknown as { key: string }).key
    budgetOf(ctx).charge(measure(ctx.bottom()[key]), "assign")
  }
}

class BudgetedCaptureTag extends CaptureTag {
  *render(ctx: Context): Generator<unknown, void, string> {
    const emitter = new BudgetedEmitter(budgetOf(ctx))
    yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter)
    ctx.bottom()[this.variable] = emitter.buffer
  }
}

type Handler = (this: { context: Context }, value: unknown, ...args: unknown[]) => unknown
type Predictor = (value: unknown, args: unknown[]) => number

/** Results that can be far larger than the inputs: predicted before the filter runs. */
const PREDICTED_SIZE: Record<string, Predictor> = {
  replace: (value, [pattern, replacement]) => {
    const str = stringify(value)
    const from = stringify(pattern)
    const to = stringify(replacement)
    return str.length + countOccurrences(str, from) * Math.max(0, to.length - from.length)
  },
  join: (value, [separator]) => {
    const items = Array.isArray(value) ? value.length : 1
    const sep = separator === null || separator === undefined ? 1 : stringify(separator).length
    return measure(value) + sep * Math.max(0, items - 1)
  },
  /** strftime pads to any width: `%999999999d`. */
  date: (_value, [format]) => {
    let size = typeof format === "string" ? format.length : 32
    if (typeof format === "string") for (const match of format.matchAll(/%[-_0^#:]*(\d+)/g)) size += Number(match[1])
    return size
  },
}

function countOccurrences(str: string, pattern: string): number {
  if (pattern.length === 0) return str.length + 1
  let count = 0
  for (let at = str.indexOf(pattern); at >= 0; at = str.indexOf(pattern, at + pattern.length)) count++
  return count
}

/** Wraps a filter: deadline, input size, predicted size, then the result is charged. */
function budgetedFilter(name: string, filter: FilterImplOptions): FilterImplOptions {
  const handler = (typeof filter === "function" ? filter : filter.handler) as Handler
  const predict = PREDICTED_SIZE[name]
  const factor = PER_ITEM_FILTERS.has(name) ? PER_ITEM_INPUT_FACTOR : 1
  const what = `filter "${name}"`
  const wrapped = function* (
    this: { context: Context },
    value: unknown,
    ...args: unknown[]
  ): Generator<unknown, unknown, unknown> {
    const budget = budgetOf(this.context)
    budget.checkTime()
    const max = budget.maxBuiltChars
    const maxInput = Math.floor(max / factor)
    let input = measure(value, maxInput)
    for (let i = 0; i < args.length && input <= maxInput; i++) input += measure(args[i], maxInput)
    if (input > maxInput)
      throw factor === 1 ? TemplateLimitError.filterInput(max, name) : TemplateLimitError.filterItems(maxInput, name)
    if (predict) budget.reserve(predict(value, args), what)
    const result = yield handler.apply(this, [value, ...args])
    budget.charge(measure(result, max), what)
    return result
  }
  return typeof filter === "function" ? wrapped : { ...filter, handler: wrapped }
}

/** Creates a new sandboxed engine (tests use fresh ones; production shares {@link sandboxedLiquid}). */
export function createSandboxedLiquid(): Liquid {
  const engine = new Liquid({
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    jsTruthy: LIQUID_JS_TRUTHY,
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    globals: {},
    // #MACRO# → {{MACRO}} grows a text by less than half; the length itself is checked before parsing.
    parseLimit: TEMPLATE_LIMITS.maxTemplateLength * 2,
    renderLimit: TEMPLATE_LIMITS.renderTimeMs,
    memoryLimit: TEMPLATE_LIMITS.liquidMemory,
  })
  for (const tag of REMOVED_TAGS) delete engine.tags[tag]
  engine.registerTag("assign", BudgetedAssignTag)
  engine.registerTag("capture", BudgetedCaptureTag)
  for (const [name, filter] of Object.entries(engine.filters)) engine.registerFilter(name, budgetedFilter(name, filter))
  return engine
}

/** The shared engine. */
export const sandboxedLiquid: Liquid = createSandboxedLiquid()

/**
 * Parses like `engine.parse`, after refusing block tags nested deeper than
 * `maxDepth` (LiquidJS parses and renders blocks recursively: thousands of
 * nested `{% if %}` overflow the stack).
 */
export function parseLimited(
  engine: Liquid,
  text: string,
  maxDepth: number = TEMPLATE_LIMITS.maxNestingDepth
): Template[] {
  const tokens = new Tokenizer(
    text,
    engine.options.operators,
    undefined,
    undefined,
    engine.options.groupedExpressions
  ).readTopLevelTokens(engine.options)
  checkNesting(engine, tokens, 0, 0, maxDepth)
  return new Parser(engine).parseTokens(tokens)
}

function checkNesting(
  engine: Liquid,
  tokens: readonly TopLevelToken[],
  depth: number,
  offset: number,
  maxDepth: number
): void {
  let level = depth
  let inComment = false
  for (const token of tokens) {
    if (TypeGuards.isOutputToken(token)) checkBrackets(token.content, offset + token.begin, maxDepth)
    if (!TypeGuards.isTagToken(token)) continue
    const name = token.name
    if (inComment) {
      // LiquidJS ends a comment at the first endcomment, whatever it holds.
      if (name === "endcomment") {
        inComment = false
        level--
      }
      continue
    }
    if (BLOCK_TAGS.has(name) || name === "liquid") {
      if (level + 1 > maxDepth) throw TemplateLimitError.depth(maxDepth, offset + token.begin)
      if (name === "liquid") {
        const args = token.args
        const inner = new Tokenizer(args, engine.options.operators).readLiquidTagTokens(engine.options)
        checkNesting(engine, inner, level + 1, offset + token.contentRange[1] - args.length, maxDepth)
        continue
      }
      inComment = name === "comment"
      level++
    } else if (name.startsWith("end") && BLOCK_TAGS.has(name.slice(3)) && level > depth) {
      level--
    }
    if (!inComment && name !== "#") checkBrackets(token.args, offset + token.begin, maxDepth)
  }
}

/** `a[b[c[…]]]` and `((…))` are parsed recursively too: brackets outside quotes count like tags. */
function checkBrackets(expression: string, tokenBegin: number, maxDepth: number): void {
  let depth = 0
  let quote = ""
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]
    if (quote) {
      if (c === quote) quote = ""
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === "(" || c === "[") {
      if (++depth > maxDepth) throw TemplateLimitError.depth(maxDepth, tokenBegin)
    } else if ((c === ")" || c === "]") && depth > 0) {
      depth--
    }
  }
}

export interface LiquidRenderLimits {
  budget: RenderBudget
  maxOutputLength: number
}

/** Renders parsed templates with a budget: every filter, `assign`, `capture` and the output are charged. */
export function renderLimited(
  engine: Liquid,
  templates: Template[],
  variables: object,
  limits: LiquidRenderLimits
): string {
  const renderOptions = { renderLimit: limits.budget.renderTimeMs, sync: true }
  const ctx = new Context(variables, engine.options, renderOptions, { liquid: engine }) as BudgetedContext
  ctx[BUDGET] = limits.budget
  const emitter = new BudgetedEmitter(limits.budget, limits.maxOutputLength)
  toValueSync(engine.renderer.renderTemplates(templates, ctx, emitter))
  return emitter.buffer
}
