import fc from "fast-check"
import { countSegments, smartEncode, splitSimpleText, splitWithLibrary, withoutStressMarks } from "../segments"

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

describe("countSegments: GSM-7", () => {
  it("counts an empty text as no parts", () => {
    expect(countSegments("")).toMatchObject({
      encoding: "GSM-7",
      parts: 0,
      characters: 0,
      charactersLeftInPart: 160,
      perPart: 160,
      partTexts: [],
    })
  })

  it.each([
    [1, 1, 159, 160],
    [160, 1, 0, 160],
    [161, 2, 145, 153],
    [306, 2, 0, 153],
    [307, 3, 152, 153],
  ])("%i characters → %i part(s), %i left, %i per part", (length, parts, left, perPart) => {
    const count = countSegments("a".repeat(length))
    expect(count).toMatchObject({ encoding: "GSM-7", parts, characters: length, charactersLeftInPart: left, perPart })
  })

  it("counts extension characters twice", () => {
    expect(countSegments("a€").characters).toBe(3)
    expect(countSegments("^{}\\[~]|€").characters).toBe(18)
    expect(countSegments(`${"a".repeat(158)}€`)).toMatchObject({ parts: 1, characters: 160 })
    expect(countSegments(`${"a".repeat(159)}€`)).toMatchObject({ parts: 2, characters: 161 })
  })

  it("never splits an escape pair between parts", () => {
    const count = countSegments(`${"a".repeat(152)}€${"b".repeat(10)}`)
    expect(count.parts).toBe(2)
    expect(count.partTexts[0]).toBe("a".repeat(152))
    expect(count.partTexts[1]).toBe(`€${"b".repeat(10)}`)
  })

  it("keeps line breaks and GSM accents in GSM-7", () => {
    expect(countSegments("Café é à ù £5 @ Ñ ü\nÄÖÜß ¿¡ $").encoding).toBe("GSM-7")
    expect(countSegments("Olá, ó").nonGsmCharacters).toEqual(["á", "ó"])
  })
})

describe("countSegments: UCS-2", () => {
  it.each([
    [70, 1, 70],
    [71, 2, 67],
    [134, 2, 67],
    [135, 3, 67],
  ])("%i Cyrillic letters → %i part(s), %i per part", (length, parts, perPart) => {
    const count = countSegments("Ж".repeat(length))
    expect(count).toMatchObject({ encoding: "UCS-2", parts, characters: length, perPart })
  })

  it("counts emoji as two UTF-16 units and never splits them", () => {
    expect(countSegments("😀".repeat(35))).toMatchObject({
      encoding: "UCS-2",
      parts: 1,
      characters: 70,
      charactersLeftInPart: 0,
    })
    expect(countSegments("😀".repeat(36))).toMatchObject({ parts: 2, characters: 72 })
    const count = countSegments(`${"Ж".repeat(66)}😀${"Ж".repeat(5)}`)
    expect(count.parts).toBe(2)
    expect(count.partTexts[0]).toBe("Ж".repeat(66))
    for (const part of count.partTexts) expect(part).not.toMatch(LONE_SURROGATE)
    expect(count.partTexts.join("")).toBe(count.text)
  })

  it("lists the characters that force UCS-2, once each", () => {
    expect(countSegments("Привіт, Київ! “ok” ok").nonGsmCharacters).toEqual([
      "П",
      "р",
      "и",
      "в",
      "і",
      "т",
      "К",
      "ї",
      "“",
      "”",
    ])
    expect(countSegments("plain `tick`").nonGsmCharacters).toEqual(["`"])
    expect(countSegments("plain").nonGsmCharacters).toEqual([])
  })
})

describe("smart encoding", () => {
  it("replaces typography with GSM equivalents", () => {
    expect(smartEncode("“Hello” — it’s… «ok» №5\u00a0now\u2009x\u200b")).toBe(`"Hello" - it's... "ok" No5 now x`)
  })

  it("can turn a UCS-2 text into GSM-7", () => {
    const text = "Your order “1042” is on its way — thanks…"
    expect(countSegments(text).encoding).toBe("UCS-2")
    const count = countSegments(text, { smartEncoding: true })
    expect(count).toMatchObject({ encoding: "GSM-7", parts: 1, nonGsmCharacters: [] })
    expect(count.text).toBe(`Your order "1042" is on its way - thanks...`)
  })

  it("leaves letters alone", () => {
    expect(countSegments("Дякуємо — ваше замовлення", { smartEncoding: true })).toMatchObject({
      encoding: "UCS-2",
      text: "Дякуємо - ваше замовлення",
    })
  })
})

describe("linear split for simple texts", () => {
  const simpleUnits = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(..."abcXYZ019 .,!?@£$¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà\n\r") },
    { weight: 2, arbitrary: fc.constantFrom(..."^{}\\[~]|€\f") },
    { weight: 2, arbitrary: fc.constantFrom(..."ЖжЇїЄєҐґЩщ№«»“”–—…`\u00a0\t\u00ad") },
    { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0x2ff }).map((code) => String.fromCharCode(code)) }
  )

  it("gives exactly the library's result", () => {
    fc.assert(
      fc.property(fc.string({ unit: simpleUnits, maxLength: 700 }), (text) => {
        const simple = splitSimpleText(text)
        expect(simple).not.toBeNull()
        expect(simple).toEqual(splitWithLibrary(text))
      }),
      { numRuns: 1000 }
    )
  })

  it("leaves texts with marks, joiners or surrogate pairs to the library", () => {
    for (const text of ["e\u0301", "😀", "👨‍👩‍👧", "a\u200db", "ก่", "한국", "Й\u0486"]) {
      expect(splitSimpleText(text)).toBeNull()
      expect(countSegments(text).partTexts.join("")).toBe(text)
    }
  })
})

describe("stress marks never force UCS-2", () => {
  it("a combining acute on Latin text is dropped (or kept as a GSM-7 letter)", () => {
    expect(countSegments("Kyi\u0301v order ready").encoding).toBe("UCS-2")
    expect(withoutStressMarks("Kyi\u0301v order ready")).toBe("Kyiv order ready")
    expect(countSegments(withoutStressMarks("Kyi\u0301v order ready"))).toMatchObject({
      encoding: "GSM-7",
      characters: 16,
    })
    // e + acute is é, a GSM-7 letter: kept as that letter
    expect(withoutStressMarks("cafe\u0301")).toBe("café")
    expect(countSegments(withoutStressMarks("cafe\u0301")).encoding).toBe("GSM-7")
    expect(withoutStressMarks("Ки\u0301їв")).toBe("Київ")
  })

  it("precomposed letters are untouched", () => {
    expect(withoutStressMarks("й ї é")).toBe("й ї é")
    expect(withoutStressMarks("Kyív")).toBe("Kyív")
  })
})
