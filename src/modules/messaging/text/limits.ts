import { performance } from "perf_hooks"

/**
 * The limits every admin-edited template runs under (LiquidJS), at save
 * (validation) and at send. docs/security.md §1 explains each one and the test that proves it.
 */
export const TEMPLATE_LIMITS = {
  /** Longest template text, in characters: the admin routes and the engine share it. */
  maxTemplateLength: 8_000,
  /** Deepest nesting of block tags (`if`, `for`, `case`, `capture`, …), and of brackets in one expression. */
  maxNestingDepth: 30,
  /** Longest rendered text, in characters. */
  maxOutputLength: 20_000,
  /**
   * Characters one render may build in total: every filter's result, every
   * `assign` and `capture`, and the output. Every filter also refuses an input
   * (value plus arguments) larger than this.
   */
  maxBuiltChars: 100_000,
  /** Wall-clock deadline of one render, in milliseconds. */
  renderTimeMs: 250,
  /** LiquidJS's own allocation counter (range items, array filters) per render. */
  liquidMemory: 1_000_000,
} as const

/** Which limit stopped a template. */
export type TemplateLimit = "length" | "depth" | "output" | "built" | "time"

const format = (n: number) => n.toLocaleString("en-US")

/** A template hit one of {@link TEMPLATE_LIMITS}; the message names the limit. */
export class TemplateLimitError extends Error {
  readonly name = "TemplateLimitError"

  constructor(
    readonly limit: TemplateLimit,
    message: string,
    /** Offset in the Liquid text of the tag that hit it, when known. */
    readonly tokenBegin?: number
  ) {
    super(message)
  }

  static builtChars(max: number, what: string): TemplateLimitError {
    return new TemplateLimitError(
      "built",
      `${what} builds more than ${format(max)} characters of text (the limit for one render)`
    )
  }

  static filterInput(max: number, filter: string): TemplateLimitError {
    return new TemplateLimitError(
      "built",
      `the input of filter "${filter}" is longer than ${format(max)} characters (the limit for one render)`
    )
  }

  static filterItems(max: number, filter: string): TemplateLimitError {
    return new TemplateLimitError(
      "built",
      `the input of filter "${filter}" is larger than ${format(max)} characters or about ${format(Math.floor(max / ARRAY_ITEM_WEIGHT))} items (the limit for this filter)`
    )
  }

  static time(ms: number): TemplateLimitError {
    return new TemplateLimitError("time", `rendering took longer than ${format(ms)} ms (check loops)`)
  }

  static output(max: number): TemplateLimitError {
    return new TemplateLimitError("output", `the rendered text is longer than ${format(max)} characters`)
  }

  static depth(max: number, tokenBegin: number): TemplateLimitError {
    return new TemplateLimitError("depth", `tags or brackets are nested deeper than ${format(max)} levels`, tokenBegin)
  }
}

/**
 * What one array item counts for, in characters: an array slot and a small
 * value take about as much memory as 8 characters, and it keeps the slowest
 * array filter (`sort_natural`, `where`) short on the largest array allowed.
 */
export const ARRAY_ITEM_WEIGHT = 8

/**
 * Filters that evaluate a property, an expression or a comparison per item
 * (LiquidJS runs each through generators: several microseconds an item) or
 * shuffle: their input counts this many times, so they accept 1/8 of the
 * budget (about 1,500 items) and no single call runs long.
 */
export const PER_ITEM_FILTERS: ReadonlySet<string> = new Set([
  "where",
  "reject",
  "where_exp",
  "reject_exp",
  "group_by",
  "group_by_exp",
  "has",
  "has_exp",
  "find",
  "find_exp",
  "find_index",
  "find_index_exp",
  "map",
  "sum",
  "sort",
  "sort_natural",
  "sample",
])
export const PER_ITEM_INPUT_FACTOR = 8

/**
 * Size of a value for the budget: a string's length; an array's items
 * ({@link ARRAY_ITEM_WEIGHT} each) plus the size of its strings and nested
 * arrays; anything else 1. Stops counting once past `cap`, so measuring is
 * never slower than the budget.
 */
export function measure(value: unknown, cap: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === "string") return value.length
  if (!Array.isArray(value)) return 1
  return measureArray(value, cap, 0)
}

function measureArray(array: readonly unknown[], cap: number, depth: number): number {
  let size = array.length * ARRAY_ITEM_WEIGHT
  if (size > cap) return size
  for (let i = 0; i < array.length; i++) {
    const item = array[i]
    if (typeof item === "string") size += item.length
    else if (Array.isArray(item))
      size += depth < 3 ? measureArray(item, cap - size, depth + 1) : item.length * ARRAY_ITEM_WEIGHT
    if (size > cap) return size
  }
  return size
}

export interface RenderBudgetOptions {
  maxBuiltChars?: number
  renderTimeMs?: number
  /** Clock in milliseconds (tests inject one); default `performance.now`. */
  now?: () => number
  /** When the render must stop, on the `now` clock; default now + `renderTimeMs`. */
  deadline?: number
}

/** The default clock of render deadlines. */
export const clock = (): number => performance.now()

/**
 * One render's budget: characters built so far and the deadline. Wrapped
 * filters, `assign`, `capture` and the output charge it; filters check the
 * deadline before they run, so the deadline also holds between the filters
 * of one `{{ … }}` (LiquidJS itself checks it only between nodes).
 */
export class RenderBudget {
  readonly maxBuiltChars: number
  readonly renderTimeMs: number
  readonly deadline: number
  private readonly now: () => number
  private built = 0

  constructor(options: RenderBudgetOptions = {}) {
    this.maxBuiltChars = options.maxBuiltChars ?? TEMPLATE_LIMITS.maxBuiltChars
    this.renderTimeMs = options.renderTimeMs ?? TEMPLATE_LIMITS.renderTimeMs
    this.now = options.now ?? clock
    this.deadline = options.deadline ?? this.now() + this.renderTimeMs
  }

  /** Characters built so far. */
  get used(): number {
    return this.built
  }

  /** Adds `chars` to the characters built; throws once past the budget. */
  charge(chars: number, what = "the template"): void {
    this.built += chars
    if (this.built > this.maxBuiltChars) throw TemplateLimitError.builtChars(this.maxBuiltChars, what)
  }

  /** Throws when `chars` more would not fit, without charging them (a filter's predicted result). */
  reserve(chars: number, what: string): void {
    if (this.built + chars > this.maxBuiltChars) throw TemplateLimitError.builtChars(this.maxBuiltChars, what)
  }

  /** Throws once the deadline has passed. */
  checkTime(): void {
    if (this.now() > this.deadline) throw TemplateLimitError.time(this.renderTimeMs)
  }
}
