/**
 * What the template limits (docs/security.md §1) cost: the same templates
 * rendered with and without them in one run, and the longest a single
 * filter call can take on the largest input the budget lets through (the
 * most a render can overshoot its deadline by).
 *
 *   node -r ts-node/register/transpile-only bench/render-limits.ts
 */
import { Liquid } from "liquidjs"
import type { Template } from "liquidjs"
import { compileTemplate, rewriteMacros } from "../src/modules/messaging/text"
import { LIQUID_JS_TRUTHY, sandboxedLiquid } from "../src/modules/messaging/text/liquid-engine"
import {
  ARRAY_ITEM_WEIGHT,
  PER_ITEM_FILTERS,
  PER_ITEM_INPUT_FACTOR,
  TEMPLATE_LIMITS,
} from "../src/modules/messaging/text/limits"
import type { BenchRow } from "./text-pipeline"

/** The order SMS with filters. */
export const FILTERED_TEMPLATE =
  "{{ SITE_NAME | upcase }}: order ##ORDER_ID# for {{ CONTACT_PERSON | capitalize }}: " +
  "{% for item in items %}{{ item.quantity }}x {{ item.title | truncate: 20 }} {{ item.total | round: 2 }}{% unless forloop.last %}, {% endunless %}{% endfor %}" +
  ". Total {{ PRICE | strip }}. Track: #TRACKING_URL#"

/** LiquidJS with the sandbox's options but none of the limits: no budget, no deadline, no memory counter. */
function unlimitedLiquid(): Liquid {
  const engine = new Liquid({
    ownPropertyOnly: true,
    strictFilters: true,
    jsTruthy: LIQUID_JS_TRUTHY,
    templates: {},
    cache: false,
  })
  for (const tag of ["include", "render", "layout", "block"]) delete engine.tags[tag]
  return engine
}

type Measure = (fn: () => unknown, durationMs: number) => number

/** Limited vs unlimited LiquidJS rendering, interleaved in one run. */
export function measureLimitCost(
  variables: Record<string, unknown>,
  opsPerSecond: Measure,
  durationMs: number
): BenchRow[] {
  const filtered = compileTemplate(FILTERED_TEMPLATE)
  const plain = unlimitedLiquid()
  const plainTemplates: Template[] = plain.parse(rewriteMacros(FILTERED_TEMPLATE).liquid)

  const limitedText = filtered.render(variables)
  const plainText = String(plain.renderSync(plainTemplates, variables))
  if (limitedText !== plainText)
    throw new Error(`Limited and unlimited LiquidJS render differently:\n${limitedText}\n${plainText}`)
  const liquidPair = paired(
    () => filtered.render(variables),
    () => plain.renderSync(plainTemplates, variables),
    opsPerSecond,
    durationMs
  )
  const [liquidLimited, liquidPlain] = [liquidPair.a, liquidPair.b]
  const ratio = (value: number) => Math.round(value * 100) / 100
  const slowest = slowestFilterCall()
  return [
    {
      metric: "LiquidJS path, with limits (budgeted filters, assign, capture, output)",
      value: Math.round(liquidLimited),
      unit: "renders/s",
      note: `order SMS with 5 filters, 10 items, ${limitedText.length} characters`,
    },
    { metric: "LiquidJS path, plain LiquidJS without limits", value: Math.round(liquidPlain), unit: "renders/s" },
    {
      metric: "LiquidJS path: with / without limits",
      value: ratio(liquidPair.ratio),
      unit: "x",
      goal: ">= 0.8",
      note: `median of ${ROUNDS} interleaved rounds`,
    },
    {
      metric: "slowest single filter call on the largest input the budget allows",
      value: Math.round(slowest.ms * 10) / 10,
      unit: "ms",
      goal: `<= ${TEMPLATE_LIMITS.renderTimeMs}`,
      note: `${slowest.call}: the most a render can run past its ${TEMPLATE_LIMITS.renderTimeMs} ms deadline`,
    },
  ]
}

const ROUNDS = 10

/**
 * `a` and `b` measured in {@link ROUNDS} alternating slices (a busy neighbour
 * slows both alike); medians of each side and of the per-round ratio a / b.
 */
function paired(
  a: () => unknown,
  b: () => unknown,
  opsPerSecond: Measure,
  durationMs: number
): { a: number; b: number; ratio: number } {
  const slice = durationMs / ROUNDS
  const as: number[] = []
  const bs: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const x = opsPerSecond(a, slice)
    const y = opsPerSecond(b, slice)
    as.push(x)
    bs.push(y)
    ratios.push(x / y)
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Arguments that make each filter do its full work. */
const FILTER_ARGS: Record<string, string> = {
  split: '""',
  replace: '"a", "b"',
  replace_first: '"a", "b"',
  replace_last: '"a", "b"',
  remove: '"a"',
  remove_first: '"a"',
  remove_last: '"a"',
  truncatewords: "100000",
  map: '"a"',
  where: '"a", 3',
  reject: '"a", 3',
  where_exp: '"x", "x.a == 3"',
  reject_exp: '"x", "x.a == 3"',
  group_by: '"a"',
  group_by_exp: '"x", "x.a"',
  has: '"a", 3',
  has_exp: '"x", "x.a == -1"',
  find: '"a", -1',
  find_exp: '"x", "x.a == -1"',
  find_index: '"a", -1',
  find_index_exp: '"x", "x.a == -1"',
  sample: "12000",
  hmac_sha256: '"key"',
  append: "V",
  prepend: "V",
  concat: "V",
  date: '"%Y-%m-%d"',
  slugify: '"latin"',
}

/** A string or list of each kind, `size` characters as the budget counts them. */
function inputsOfSize(size: number): Record<string, unknown> {
  const items = Math.floor(size / (ARRAY_ITEM_WEIGHT + 1))
  return {
    "text with markup": "a b<c>'d&e\n%\u00e9".repeat(Math.floor(size / 13)),
    "Cyrillic and emoji": "\u0457\u{1F600}\u00e9%".repeat(Math.floor(size / 5)),
    "unclosed tags": "<script<!--<".repeat(Math.floor(size / 12)),
    "list of numbers": Array.from({ length: items }, (_, i) => (i * 7919) % 100_003),
    "list of objects": Array.from({ length: items }, (_, i) => ({ a: i % 7 })),
  }
}

/**
 * Every built-in filter, once warmed up, on inputs just under what it
 * accepts: 90% of the budget, or of 1/8 of it for the filters that work per
 * item (PER_ITEM_FILTERS). The slowest call is what one filter can add past
 * the deadline, which is checked before every filter call.
 */
export function slowestFilterCall(): { call: string; ms: number } {
  const full = inputsOfSize(Math.floor(TEMPLATE_LIMITS.maxBuiltChars * 0.9))
  const perItem = inputsOfSize(Math.floor((TEMPLATE_LIMITS.maxBuiltChars / PER_ITEM_INPUT_FACTOR) * 0.9))
  const options = { maxOutputLength: Number.MAX_SAFE_INTEGER, renderTimeLimitMs: 60_000 }
  let slowest = { call: "", ms: 0 }
  for (const name of Object.keys(sandboxedLiquid.filters)) {
    const args = FILTER_ARGS[name] ? `: ${FILTER_ARGS[name]}` : ""
    const template = compileTemplate(`{{ V | ${name}${args} | size }}`)
    for (const [kind, value] of Object.entries(PER_ITEM_FILTERS.has(name) ? perItem : full)) {
      const run = () => {
        const started = performance.now()
        try {
          template.render({ V: value }, options)
        } catch {
          // Refused after running (its result is over the budget) or bad input: the time still counts.
        }
        return performance.now() - started
      }
      run()
      const ms = Math.min(run(), run())
      if (ms > slowest.ms) slowest = { call: `${name} over ${kind}`, ms }
    }
  }
  return slowest
}

if (require.main === module) {
  // Lazy: text-pipeline.ts imports this module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRenderLimitsBench } = require("./text-pipeline") as typeof import("./text-pipeline")
  runRenderLimitsBench()
    .then(({ name, rows }) => {
      console.log(`# ${name}`)
      console.table(rows.map((row) => ({ ...row, value: row.value.toLocaleString("en-US") })))
    })
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
}
