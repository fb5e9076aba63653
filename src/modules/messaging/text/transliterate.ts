import { countSegments, withoutStressMarks } from "./segments"
import type { SmsEncoding } from "./segments"

/**
 * Cyrillic → Latin so that messages fit GSM-7 (160 characters per SMS instead of 70).
 *
 *  - Ukrainian: the official 2010 table (Cabinet of Ministers resolution No. 55):
 *    є ї й ю я have word-initial forms (ye yi y yu ya) and in-word forms
 *    (ie i i iu ia); "зг" → "zgh"; ь and the apostrophe are dropped.
 *  - Russian: ICAO Doc 9303 (Russian passports since 2013): ё → e, й → i,
 *    ъ → ie, ы → y, ь dropped, э → e, ю → iu, я → ia. Pure ASCII (GOST 7.79's
 *    grave accent is not GSM-7).
 *
 * A word starts after the start of the text, whitespace, punctuation, brackets,
 * quotes, digits or a line break — anything that is not a letter or an
 * apostrophe inside a word. ALL-CAPS words stay all caps (ЖИТОМИР → ZHYTOMYR),
 * other capitals become title case (Щука → Shchuka). Typography is mapped to
 * GSM-7 too: № → No, «» “” „ → ", ‘’ → ', dashes → -, … → ..., NBSP → space.
 * Combining stress marks are ignored: "Ки́їв" → "Kyiv".
 */

export type TransliterationLanguage = "uk" | "ru" | "auto"

/** Either one spelling, or [word-initial, elsewhere]. */
type Spelling = string | readonly [string, string]

// prettier-ignore
const UKRAINIAN: Record<string, Spelling> = {
  а: "a", б: "b", в: "v", г: "h", ґ: "g", д: "d", е: "e", є: ["ye", "ie"], ж: "zh", з: "z",
  и: "y", і: "i", ї: ["yi", "i"], й: ["y", "i"], к: "k", л: "l", м: "m", н: "n", о: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh",
  щ: "shch", ь: "", ю: ["yu", "iu"], я: ["ya", "ia"],
}

// prettier-ignore
const RUSSIAN: Record<string, Spelling> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "i",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f",
  х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "ie", ы: "y", ь: "", э: "e", ю: "iu", я: "ia",
}

/** Letters of the other language and of neighbouring alphabets, used as a fallback. */
// prettier-ignore
const OTHER_CYRILLIC: Record<string, Spelling> = {
  ў: "u", ђ: "dj", ј: "j", љ: "lj", њ: "nj", ћ: "c", џ: "dz", ѓ: "g", ќ: "k", ѕ: "dz",
}

const UKRAINIAN_TABLE: Record<string, Spelling> = { ...OTHER_CYRILLIC, ...RUSSIAN, ...UKRAINIAN }
const RUSSIAN_TABLE: Record<string, Spelling> = { ...OTHER_CYRILLIC, ...UKRAINIAN, ...RUSSIAN }

/** Typography and symbols with no GSM-7 code. */
// prettier-ignore
const PUNCTUATION: Record<string, string> = {
  "№": "No",
  "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"',
  "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'", "″": '"',
  "‹": "'", "›": "'",
  "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
  "…": "...",
  "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
  "\t": " ",
  "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
  "•": "-", "·": ".",
  "₴": "UAH", "₽": "RUB",
}

/** Characters used as an apostrophe inside Ukrainian words (Знам'янка). */
const APOSTROPHES = new Set(["'", "’", "ʼ", "`", "‘", "´"])

const LETTER = /\p{L}/u
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u
const UKRAINIAN_ONLY = /[іїєґІЇЄҐ]/
const COMBINING_MARKS = /\p{M}+/gu

/** Transliterates Cyrillic text to GSM-friendly Latin. "auto" = Ukrainian if і ї є ґ occur, else Russian. */
export function transliterate(text: string, lang: TransliterationLanguage = "auto"): string {
  // Stress marks ("Ки́їв") are dropped first: they would split a word and are not GSM-7.
  const chars = Array.from(withoutStressMarks(text).normalize("NFC"))
  const language = lang === "auto" ? detectLanguage(text) : lang
  const table = language === "uk" ? UKRAINIAN_TABLE : RUSSIAN_TABLE
  const letters = chars.map(isLetter)
  const caps = allCapsFlags(chars, letters)
  let out = ""
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]
    if (char.charCodeAt(0) < 0x80 && !APOSTROPHES.has(char)) {
      out += char === "\t" ? " " : char
      continue
    }
    if (APOSTROPHES.has(char) && isCyrillic(chars[i - 1]) && isCyrillic(chars[i + 1])) continue
    const lower = char.toLowerCase()
    const spelling = table[lower] ?? table[stripMarks(lower)]
    if (spelling === undefined) {
      out += PUNCTUATION[char] ?? char
      continue
    }
    let latin = typeof spelling === "string" ? spelling : spelling[isWordStart(chars, letters, i) ? 0 : 1]
    if (language === "uk" && lower === "г" && chars[i - 1]?.toLowerCase() === "з") latin = "gh"
    if (char !== lower) latin = caps[i] ? latin.toUpperCase() : capitalize(latin)
    out += latin
  }
  return out
}

/** "uk" when the text has a letter only Ukrainian uses (і ї є ґ), otherwise "ru". */
export function detectLanguage(text: string): "uk" | "ru" {
  return UKRAINIAN_ONLY.test(text) ? "uk" : "ru"
}

export interface TransliterationSavings {
  /** The transliterated text. */
  text: string
  before: { encoding: SmsEncoding; parts: number; characters: number }
  after: { encoding: SmsEncoding; parts: number; characters: number }
  /** How many SMS parts transliteration saves (may be 0). */
  savedParts: number
}

/** SMS parts before and after transliteration, for the admin's counter. */
export function transliterationSavings(text: string, lang: TransliterationLanguage = "auto"): TransliterationSavings {
  const translit = transliterate(text, lang)
  const before = countSegments(text)
  const after = countSegments(translit)
  return {
    text: translit,
    before: { encoding: before.encoding, parts: before.parts, characters: before.characters },
    after: { encoding: after.encoding, parts: after.parts, characters: after.characters },
    savedParts: before.parts - after.parts,
  }
}

function isLetter(char: string | undefined): boolean {
  return char !== undefined && LETTER.test(char)
}

function isCyrillic(char: string | undefined): boolean {
  return char !== undefined && CYRILLIC_LETTER.test(char)
}

function stripMarks(char: string): string {
  return char.normalize("NFD").replace(COMBINING_MARKS, "")
}

function capitalize(latin: string): string {
  return latin.charAt(0).toUpperCase() + latin.slice(1)
}

/** True when `chars[i]` begins a word: nothing before it but non-letters (an in-word apostrophe does not count). */
function isWordStart(chars: string[], letters: boolean[], i: number): boolean {
  if (letters[i - 1]) return false
  if (i >= 2 && APOSTROPHES.has(chars[i - 1]) && letters[i - 2]) return false
  return true
}

/**
 * For every character, whether its word is written in capitals. A word is a
 * run of letters (apostrophes inside it included); it is ALL CAPS when it has
 * two or more letters, all upper case. A one-letter capital word (Я, Є) follows
 * the next word, or else the previous one: "Я ЛЮБЛЮ" → "YA LIUBLIU".
 */
function allCapsFlags(chars: string[], letters: boolean[]): boolean[] {
  const words: Array<{ start: number; end: number; upper: number; lower: number }> = []
  for (let i = 0; i < chars.length; i++) {
    if (!letters[i]) continue
    const word = { start: i, end: i, upper: 0, lower: 0 }
    for (let j = i; j < chars.length; j++) {
      const char = chars[j]
      const inWordApostrophe = APOSTROPHES.has(char) && letters[j - 1] && letters[j + 1] === true
      if (!letters[j] && !inWordApostrophe) break
      if (char !== char.toLowerCase()) word.upper++
      else if (char !== char.toUpperCase()) word.lower++
      word.end = j
    }
    words.push(word)
    i = word.end
  }
  const isCaps = (w: (typeof words)[number] | undefined) => !!w && w.upper >= 2 && w.lower === 0
  const flags = new Array<boolean>(chars.length).fill(false)
  words.forEach((word, index) => {
    let caps = isCaps(word)
    if (!caps && word.upper === 1 && word.lower === 0 && word.start === word.end) {
      caps = isCaps(words[index + 1]) || (!words[index + 1] && isCaps(words[index - 1]))
    }
    if (caps) for (let i = word.start; i <= word.end; i++) flags[i] = true
  })
  return flags
}
