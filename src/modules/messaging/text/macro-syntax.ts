/**
 * BSG-style `#MACRO#` sugar on top of Liquid.
 *
 * `#ORDER_ID#` is rewritten to the Liquid output `{{ORDER_ID}}` and
 * `#CUSTOMER.FIRST_NAME#` to `{{CUSTOMER.FIRST_NAME}}`. Only upper-case names
 * starting with a letter are macros, so "order #123", "#fff" or "# 5" stay as
 * they are. Text inside `{{ … }}`, `{% … %}` and `{% raw %}…{% endraw %}` is
 * never touched.
 *
 * The rewrite changes lengths (`#X#` → `{{X}}`), so it keeps an offset map:
 * errors reported by Liquid on the rewritten text are mapped back to the
 * line and column of the admin's original text.
 */

/** A macro name: upper-case segments separated by dots, first segment starts with a letter. */
export const MACRO_NAME_PATTERN = /^[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*$/

const SCANNER =
  /(\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}|\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})|#([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)#/g

/** One `#MACRO#` found in the admin's text. */
export interface MacroOccurrence {
  /** Name without the `#` signs, e.g. `ORDER_ID` or `CUSTOMER.FIRST_NAME`. */
  name: string
  /** Offset of the opening `#` in the original text. */
  offset: number
  /** Length in the original text, `#` signs included. */
  length: number
}

/** The result of {@link rewriteMacros}. */
export interface RewrittenTemplate {
  /** The admin's text, unchanged. */
  source: string
  /** Pure Liquid text that Liquid can parse. */
  liquid: string
  /** Every `#MACRO#` occurrence, in order. */
  macros: MacroOccurrence[]
  /** Maps an offset in `liquid` to the matching offset in `source`. */
  toSourceOffset(liquidOffset: number): number
}

/** Replaces `#MACRO#` sugar with `{{MACRO}}` outside Liquid markup. */
export function rewriteMacros(source: string): RewrittenTemplate {
  const macros: MacroOccurrence[] = []
  const liquidStarts: number[] = []
  let liquid = ""
  let copiedUpTo = 0
  SCANNER.lastIndex = 0
  for (let match = SCANNER.exec(source); match; match = SCANNER.exec(source)) {
    if (match[1] !== undefined) continue
    const name = match[2]
    liquid += source.slice(copiedUpTo, match.index)
    liquidStarts.push(liquid.length)
    liquid += `{{${name}}}`
    copiedUpTo = match.index + match[0].length
    macros.push({ name, offset: match.index, length: match[0].length })
  }
  liquid += source.slice(copiedUpTo)
  return { source, liquid, macros, toSourceOffset: makeOffsetMapper(macros, liquidStarts) }
}

/** Builds the liquid→source offset mapping for a list of replacements. */
function makeOffsetMapper(macros: MacroOccurrence[], liquidStarts: number[]): (offset: number) => number {
  if (macros.length === 0) return (offset) => offset
  return (offset) => {
    let source = offset
    for (let i = 0; i < macros.length; i++) {
      const start = liquidStarts[i]
      if (offset < start) break
      const replacedLength = macros[i].length + 2
      if (offset < start + replacedLength) return macros[i].offset
      source = offset - (start + replacedLength) + macros[i].offset + macros[i].length
    }
    return source
  }
}

/** 1-based line and column of `offset` in `text` (columns count UTF-16 units). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}

/** Offset in `text` of a 1-based line and column (as reported by Liquid). */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset)
    if (next < 0) return text.length
    offset = next + 1
  }
  return Math.min(text.length, offset + Math.max(0, column - 1))
}

/**
 * Turns arbitrary text into a template that renders exactly that text (e.g. a
 * customer's reply quoted in a staff message): every `{` and every `#` that
 * could start a macro becomes a Liquid string output.
 */
export function escapeTemplateText(text: string): string {
  return text.replace(/\{|#(?=[A-Z])/g, (match) => `{{ "${match}" }}`)
}
