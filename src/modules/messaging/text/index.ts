/**
 * The text pipeline: pure functions on plain data, no Medusa imports.
 * render (Liquid + #MACRO#) · macros · validate · default templates ·
 * SMS segments · transliteration.
 */

export {
  DEFAULT_MAX_LOOP_ITERATIONS,
  DEFAULT_MAX_OUTPUT_LENGTH,
  DEFAULT_TEMPLATE_CACHE_SIZE,
  TemplateError,
  compileTemplate,
  renderTemplate,
  renderTemplateSync,
  resetTemplateCache,
  templateCacheStats,
} from "./render"
export type { CompiledTemplate, RenderOptions, TemplateErrorKind } from "./render"
export { MACRO_NAME_PATTERN, escapeTemplateText, lineColumnAt, rewriteMacros } from "./macro-syntax"
export type { MacroOccurrence, RewrittenTemplate } from "./macro-syntax"
export { TEMPLATE_LIMITS, TemplateLimitError } from "./limits"
export type { TemplateLimit } from "./limits"

export {
  buildMacroVariables,
  flattenEntityMacros,
  mergeEntityVariables,
  sampleContextForEvent,
  toMacroSegment,
} from "./macros"
export type {
  EntityMacros,
  MacroAddress,
  MacroContext,
  MacroCustomer,
  MacroFulfillment,
  MacroItemVariables,
  MacroLineItem,
  MacroOrder,
  MacroSite,
  MacroVariables,
} from "./macros"
export { DEFAULT_ORDER_LIST_LENGTH, formatOrderList } from "./order-list"
export type { OrderListItem, OrderListOptions } from "./order-list"

export { storable, storableText } from "./storable"
export { readsItemTotals } from "./template-needs"
export { validateTemplate } from "./validate"
export type { TemplateValidation, ValidateTemplateOptions, ValidationIssue } from "./validate"

export {
  DEFAULT_TEMPLATES,
  DEFAULT_TEMPLATE_LOCALES,
  STAFF_EVENTS,
  defaultTemplateCode,
  findDefaultTemplate,
} from "./default-templates"
export type { DefaultTemplate, DefaultTemplateLocale } from "./default-templates"

export { countSegments, smartEncode, withoutStressMarks } from "./segments"
export type { CountSegmentsOptions, SegmentCount, SmsEncoding } from "./segments"

export { detectLanguage, transliterate, transliterationSavings } from "./transliterate"
export type { TransliterationLanguage, TransliterationSavings } from "./transliterate"
