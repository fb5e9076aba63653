import fc from "fast-check"
import { DEFAULT_TEMPLATES } from "../default-templates"
import { escapeTemplateText } from "../macro-syntax"
import { MACRO_DEFINITIONS } from "../../events/catalogue"
import { renderTemplateSync } from "../render"
import { countSegments } from "../segments"
import { transliterate } from "../transliterate"

/** Property-based checks of the text pipeline's invariants. */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
const RUSSIAN_ONLY = "ёъыэЁЪЫЭ"
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("") + "\n"
const MAPPED_PUNCTUATION = "№«»“”„‘’ʼ–—―−…\u00a0\u202f"

const cyrillicText = fc.string({ unit: fc.constantFrom(...UKRAINIAN, ...RUSSIAN_ONLY), maxLength: 60 })
const mixedText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...UKRAINIAN, ...RUSSIAN_ONLY) },
    { weight: 3, arbitrary: fc.constantFrom(...ASCII) },
    { weight: 1, arbitrary: fc.constantFrom(...MAPPED_PUNCTUATION) }
  ),
  maxLength: 200,
})

describe("render properties", () => {
  it("escaped arbitrary text renders as itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(renderTemplateSync(escapeTemplateText(text), { ORDER_ID: "X", x: "Y" })).toBe(text)
      }),
      { numRuns: 300 }
    )
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("{", "}", "%", "#", "A", "-", " ", "\n", '"', "'", "|"), maxLength: 80 }),
        (text) => {
          expect(renderTemplateSync(escapeTemplateText(text), { A: "macro" })).toBe(text)
        }
      ),
      { numRuns: 500 }
    )
  })

  it("text without Liquid or macro markers is left unchanged", () => {
    const plain = fc.string({ unit: "grapheme", maxLength: 300 }).filter((text) => !/[{#]/.test(text))
    fc.assert(
      fc.property(plain, (text) => expect(renderTemplateSync(text, {})).toBe(text)),
      { numRuns: 300 }
    )
  })

  it("every #MACRO# is replaced by its value", () => {
    const names = Object.keys(MACRO_DEFINITIONS).filter((name) => name !== "items")
    const part = fc.oneof(
      fc
        .string({ unit: fc.constantFrom("a", " ", ".", "#", "1", "Ж", "\n"), maxLength: 5 })
        .map((text) => ({ text, macro: null })),
      fc.constantFrom(...names).map((macro) => ({ text: `#${macro}#`, macro }))
    )
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.string({ maxLength: 8 }), (parts, value) => {
        const variables = Object.fromEntries(names.map((name) => [name, `<${value}>`]))
        const body = parts.map((p) => p.text).join("")
        const expected = parts.map((p) => (p.macro ? `<${value}>` : p.text)).join("")
        expect(renderTemplateSync(body, variables)).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })

  it("default templates render with any variable values without throwing", () => {
    const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null))
    const item = fc.record({ title: scalar, quantity: scalar, total: scalar, variant_title: scalar })
    const variables = fc.record({
      ORDER_ID: scalar,
      PRICE: scalar,
      CARRIER: scalar,
      TRACKING_NUMBER: scalar,
      ORDER_CANCEL_DESCRIPTION: scalar,
      CUSTOMER_FIRST_NAME: scalar,
      items: fc.array(item, { maxLength: 5 }),
    })
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_TEMPLATES), variables, (template, vars) => {
        expect(typeof renderTemplateSync(template.body, vars)).toBe("string")
      }),
      { numRuns: 500 }
    )
  })
})

describe("countSegments properties", () => {
  const anyText = fc.string({ unit: "grapheme", maxLength: 400 })

  it("never throws and keeps its invariants", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const count = countSegments(text)
        expect(count.parts === 0).toBe(text.length === 0)
        expect(count.characters).toBeLessThanOrEqual(Math.max(1, count.parts) * count.perPart)
        expect(count.encoding === "GSM-7").toBe(count.nonGsmCharacters.length === 0)
        expect(new Set(count.nonGsmCharacters).size).toBe(count.nonGsmCharacters.length)
        expect(count.partTexts.join("")).toBe(text)
        for (const part of count.partTexts) expect(part).not.toMatch(LONE_SURROGATE)
        if (count.encoding === "UCS-2") expect(count.characters).toBe(text.length)
      }),
      { numRuns: 500 }
    )
  })

  it("never needs fewer parts for a longer text", () => {
    fc.assert(
      fc.property(anyText, fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), (text, more) => {
        expect(countSegments(text + more).parts).toBeGreaterThanOrEqual(countSegments(text).parts)
      }),
      { numRuns: 500 }
    )
  })

  it("matches the 160/153 rule for plain GSM text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "B", "1", " ", ".", "@", "\n"), maxLength: 800 }), (text) => {
        const expected = text.length === 0 ? 0 : text.length <= 160 ? 1 : Math.ceil(text.length / 153)
        expect(countSegments(text).parts).toBe(expected)
      }),
      { numRuns: 300 }
    )
  })
})

describe("transliterate properties", () => {
  it("never throws, on any input", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.constantFrom("uk", "ru", "auto") as fc.Arbitrary<"uk" | "ru" | "auto">,
        (text, lang) => {
          expect(typeof transliterate(text, lang)).toBe("string")
        }
      ),
      { numRuns: 500 }
    )
  })

  it("turns Cyrillic, ASCII and the mapped punctuation into pure GSM-7", () => {
    fc.assert(
      fc.property(
        mixedText,
        fc.constantFrom("uk", "ru", "auto") as fc.Arbitrary<"uk" | "ru" | "auto">,
        (text, lang) => {
          const latin = transliterate(text, lang)
          const count = countSegments(latin)
          expect(count.nonGsmCharacters).toEqual([])
          expect(count.encoding).toBe("GSM-7")
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("gives ASCII letters only for Cyrillic words, and is stable on its own output", () => {
    fc.assert(
      fc.property(cyrillicText, (text) => {
        const latin = transliterate(text)
        expect(latin).toMatch(/^[A-Za-z]*$/)
        expect(transliterate(latin)).toBe(latin)
      }),
      { numRuns: 500 }
    )
  })

  it("keeps an ALL-CAPS word in capitals", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ"), minLength: 2, maxLength: 20 }),
        (word) => {
          const latin = transliterate(word, "uk")
          expect(latin).toBe(latin.toUpperCase())
        }
      ),
      { numRuns: 300 }
    )
  })
})
