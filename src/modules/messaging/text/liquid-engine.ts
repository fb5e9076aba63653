import { Liquid } from "liquidjs"

/**
 * The one sandboxed Liquid engine used for admin-edited templates.
 *
 *  - `ownPropertyOnly`: `x.constructor`, `__proto__` and other inherited members read as nil.
 *  - `strictFilters`: an unknown filter (`{{ x | constructor }}`) is a parse error.
 *  - no file system: `templates: {}` is an empty in-memory store, and the
 *    `include`, `render`, `layout` and `block` tags are removed altogether.
 *  - `jsTruthy`: `""`, `0` and nil are false in `{% if %}`, so `{% if CARRIER %}`
 *    skips an empty macro (shop admins expect that; plain Liquid treats "" as true).
 *  - DoS limits: template length, render time, memory (ranges, string growth).
 */
export const LIQUID_LIMITS = {
  /** Longest accepted template, in characters. */
  maxTemplateLength: 100_000,
  /** Wall-clock budget of one render, in milliseconds. */
  renderTimeMs: 250,
  /** Liquid's allocation counter (array items, string growth) per render. */
  memory: 2_000_000,
} as const

export const LIQUID_JS_TRUTHY = true

const REMOVED_TAGS = ["include", "render", "layout", "block"] as const

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
    parseLimit: LIQUID_LIMITS.maxTemplateLength * 2,
    renderLimit: LIQUID_LIMITS.renderTimeMs,
    memoryLimit: LIQUID_LIMITS.memory,
  })
  for (const tag of REMOVED_TAGS) delete engine.tags[tag]
  return engine
}

/** The shared engine. */
export const sandboxedLiquid: Liquid = createSandboxedLiquid()
