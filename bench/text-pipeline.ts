/**
 * Text pipeline benchmark: template rendering (ours vs Handlebars), what the
 * template limits cost (render-limits.ts), SMS segment counting and
 * transliteration.
 *
 *   node -r ts-node/register/transpile-only bench/text-pipeline.ts
 *   node -r ts-node/register/transpile-only bench/render-limits.ts   (the limits only)
 */
import Handlebars from "handlebars"
import {
  buildMacroVariables,
  compileTemplate,
  countSegments,
  renderTemplateSync,
  sampleContextForEvent,
  transliterate,
} from "../src/modules/messaging/text"
import { sandboxedLiquid } from "../src/modules/messaging/text/liquid-engine"
import { measureLimitCost } from "./render-limits"

export interface BenchRow {
  metric: string
  value: number
  unit: string
  goal?: string
  note?: string
}

export interface BenchOptions {
  /** Measuring time per metric in milliseconds (default 1500). */
  durationMs?: number
}

/** The order SMS in our syntax: #MACROS# plus a Liquid loop over 10 items. */
export const OUR_TEMPLATE =
  "#SITE_NAME#: order ##ORDER_ID# for #CONTACT_PERSON#: " +
  "{% for item in items %}{{ item.quantity }}x {{ item.title }} {{ item.total }}{% unless forloop.last %}, {% endunless %}{% endfor %}" +
  ". Total #PRICE#. Track: #TRACKING_URL#"

/** The same message in Handlebars. */
export const HANDLEBARS_TEMPLATE =
  "{{SITE_NAME}}: order #{{ORDER_ID}} for {{CONTACT_PERSON}}: " +
  "{{#each items}}{{quantity}}x {{title}} {{total}}{{#unless @last}}, {{/unless}}{{/each}}" +
  ". Total {{PRICE}}. Track: {{TRACKING_URL}}"

const UKRAINIAN_SMS =
  "Demo Shop: замовлення №1042 відправлено (Нова Пошта). ТТН: 20450000123456. " +
  "Дякуємо, що обрали нас! Щасливого користування, Знам'янка, Житомир, Їжакевич."

function orderVariables(): Record<string, unknown> {
  const context = sampleContextForEvent("shipment.created")
  const items = Array.from({ length: 10 }, (_, i) => ({
    title: `Product ${i + 1}`,
    quantity: (i % 3) + 1,
    unit_price: 9.99 + i,
    total: ((i % 3) + 1) * (9.99 + i),
  }))
  return buildMacroVariables({ ...context, order: { ...context.order, items } })
}

/** Runs `fn` repeatedly for about `durationMs` after a warm-up; returns operations per second. */
export function opsPerSecond(fn: () => unknown, durationMs: number): number {
  let sink = 0
  const consume = (value: unknown) => {
    sink += typeof value === "string" ? value.length : 1
  }
  const warmUpEnd = process.hrtime.bigint() + BigInt(Math.round(durationMs * 0.2 * 1e6))
  while (process.hrtime.bigint() < warmUpEnd) for (let i = 0; i < 100; i++) consume(fn())

  const budget = BigInt(Math.round(durationMs * 1e6))
  const started = process.hrtime.bigint()
  let operations = 0
  let elapsed = 0n
  while (elapsed < budget) {
    for (let i = 0; i < 500; i++) consume(fn())
    operations += 500
    elapsed = process.hrtime.bigint() - started
  }
  if (sink < 0) throw new Error("unreachable")
  return operations / (Number(elapsed) / 1e9)
}

/** Measures the text pipeline. */
export async function runTextPipelineBench(options: BenchOptions = {}): Promise<{ name: string; rows: BenchRow[] }> {
  const durationMs = options.durationMs ?? 1500
  const variables = orderVariables()
  const handlebars = Handlebars.compile(HANDLEBARS_TEMPLATE, { noEscape: true, strict: false })

  const ours = renderTemplateSync(OUR_TEMPLATE, variables)
  const theirs = handlebars(variables)
  if (ours !== theirs) throw new Error(`The two templates render differently:\n${ours}\n${theirs}`)
  const compiled = compileTemplate(OUR_TEMPLATE)

  const oursPerSecond = opsPerSecond(() => renderTemplateSync(OUR_TEMPLATE, variables), durationMs)
  const handlebarsPerSecond = opsPerSecond(() => handlebars(variables), durationMs)
  const liquidPerSecond = opsPerSecond(() => sandboxedLiquid.renderSync(compiled.templates, variables), durationMs)
  const segmentsPerSecond = opsPerSecond(() => countSegments(ours), durationMs)
  const cyrillicSegmentsPerSecond = opsPerSecond(() => countSegments(UKRAINIAN_SMS), durationMs)
  const transliterationsPerSecond = opsPerSecond(() => transliterate(UKRAINIAN_SMS), durationMs)
  const limitRows = measureLimitCost(variables, opsPerSecond, durationMs)

  const round = (value: number) => Math.round(value)
  return {
    name: "text-pipeline",
    rows: [
      {
        metric: "render order SMS, 10 items (renderTemplateSync, cached)",
        value: round(oursPerSecond),
        unit: "renders/s",
        goal: ">= 50000",
        note: `${ours.length} characters; SHA-1 cache lookup + LiquidJS with the template limits (the compiled renderer fast-render.ts, 298,530 renders/s at fd6b913, was removed: see benchmark 2 for what a render is worth per order)`,
      },
      {
        metric: "render same SMS with Handlebars (compiled once)",
        value: round(handlebarsPerSecond),
        unit: "renders/s",
      },
      {
        metric: "render speed ours / Handlebars",
        value: Math.round((oursPerSecond / handlebarsPerSecond) * 100) / 100,
        unit: "x",
        goal: ">= 1",
      },
      {
        metric: "render same SMS with plain LiquidJS renderSync (parsed once, no limits)",
        value: round(liquidPerSecond),
        unit: "renders/s",
      },
      ...limitRows,
      {
        metric: "countSegments, GSM-7 order SMS",
        value: round(segmentsPerSecond),
        unit: "ops/s",
        note: `${ours.length} characters`,
      },
      {
        metric: "countSegments, Cyrillic SMS",
        value: round(cyrillicSegmentsPerSecond),
        unit: "ops/s",
        note: `${UKRAINIAN_SMS.length} characters`,
      },
      {
        metric: "transliterate, Ukrainian SMS",
        value: round(transliterationsPerSecond),
        unit: "ops/s",
        note: `${UKRAINIAN_SMS.length} characters`,
      },
    ],
  }
}

/** Only the rows about the template limits (render-limits.ts). */
export async function runRenderLimitsBench(options: BenchOptions = {}): Promise<{ name: string; rows: BenchRow[] }> {
  return {
    name: "render-limits",
    rows: measureLimitCost(orderVariables(), opsPerSecond, options.durationMs ?? 1500),
  }
}

if (require.main === module) {
  runTextPipelineBench()
    .then(({ name, rows }) => {
      console.log(`# ${name}`)
      console.table(rows.map((row) => ({ ...row, value: row.value.toLocaleString("en-US") })))
    })
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
}
