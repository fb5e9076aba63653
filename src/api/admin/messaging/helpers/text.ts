/**
 * The live counter and template checks the editor shows, on top of the pure text
 * pipeline: characters, encoding, SMS parts and what transliteration would save.
 */
import {
  countSegments,
  transliterationSavings,
  validateTemplate,
  withoutStressMarks,
  type ValidationIssue,
} from "../../../../modules/messaging/text"
import type { Audience } from "../../../../modules/messaging/types"
import { invalidField } from "./errors"

export interface TextMeasure {
  characters: number
  encoding: "GSM-7" | "UCS-2"
  parts: number
  per_part: number
  characters_left_in_part: number
  non_gsm_characters: string[]
  transliteration: { parts: number; encoding: string; characters: number; saved_parts: number }
}

export function measureText(text: string): TextMeasure {
  // counted as it is sent: stress marks are dropped from SMS
  const count = countSegments(withoutStressMarks(text))
  const savings = transliterationSavings(text)
  return {
    characters: count.characters,
    encoding: count.encoding,
    parts: count.parts,
    per_part: count.perPart,
    characters_left_in_part: count.charactersLeftInPart,
    non_gsm_characters: count.nonGsmCharacters,
    transliteration: {
      parts: savings.after.parts,
      encoding: savings.after.encoding,
      characters: savings.after.characters,
      saved_parts: savings.savedParts,
    },
  }
}

export interface TemplateCheck {
  ok: boolean
  errors: ValidationIssue[]
  unknown_macros: string[]
  allowed_macros: string[]
}

export function checkTemplate(
  body: string,
  event: string,
  audience: Audience,
  locale?: string,
  extraMacros?: string[]
): TemplateCheck {
  const v = validateTemplate(body, { event, audience, locale, extraMacros })
  return { ok: v.ok, errors: v.errors, unknown_macros: v.unknownMacros, allowed_macros: v.allowedMacros }
}

/** Refuse to store a template that does not validate: 400 naming the field and the first problem's position. */
export function assertValidTemplate(
  field: string,
  body: string,
  event: string,
  audience: Audience,
  locale?: string,
  extraMacros?: string[]
): void {
  const check = checkTemplate(body, event, audience, locale, extraMacros)
  if (check.ok) return
  const first = check.errors[0]
  const more = check.errors.length > 1 ? ` (and ${check.errors.length - 1} more)` : ""
  throw invalidField(field, `${first.message} at line ${first.line}, column ${first.column}${more}`)
}
