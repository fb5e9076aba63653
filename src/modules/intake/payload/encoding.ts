import iconv from "iconv-lite"

/**
 * Which text encoding a payload was in. Websites send Windows-1251 (the 1C convention) or
 * UTF-8, with or without a byte-order mark; the lead records which one was found.
 */
export type PayloadEncoding = "utf-8" | "utf-8-bom" | "windows-1251"

export type DecodeResult =
  { ok: true; text: string; encoding: PayloadEncoding } | { ok: false; encoding: PayloadEncoding | null; error: string }

const BOM = [0xef, 0xbb, 0xbf]

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b)
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/**
 * UTF-8 Cyrillic is D0/D1 followed by 80–BF. In real Windows-1251 text those pairs are rare
 * ("Сі"), so many of them among the high bytes means UTF-8 read as Windows-1251.
 */
export function utf8CyrillicPairs(bytes: Uint8Array): { pairs: number; high: number } {
  let pairs = 0
  let high = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b < 0x80) continue
    high++
    if ((b === 0xd0 || b === 0xd1) && i + 1 < bytes.length && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0xbf) {
      pairs++
      high++
      i++
    }
  }
  return { pairs, high }
}

function looksLikeUtf8(bytes: Uint8Array): boolean {
  const { pairs, high } = utf8CyrillicPairs(bytes)
  return pairs >= 2 && pairs * 2 >= high * 0.3
}

/** `text/plain; charset=Windows-1251` → "windows-1251"; null when nothing is declared. */
export function declaredCharset(contentType: string | null | undefined): string | null {
  const match = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "")
  return match ? match[1].toLowerCase() : null
}

function isCp1251(charset: string): boolean {
  return ["windows-1251", "cp1251", "win-1251", "x-cp1251"].includes(charset)
}

function isUtf8(charset: string): boolean {
  return charset === "utf-8" || charset === "utf8"
}

/**
 * Decode a payload. With a declared charset (HTTP `charset=`), that charset is required and
 * checked; without one (a mail attachment), the encoding is detected: a BOM, else strict
 * UTF-8, else Windows-1251. Bytes that are neither, or a mix, are an error naming the cause.
 */
export function decodePayload(bytes: Uint8Array, charset?: string | null): DecodeResult {
  const declared = charset ? charset.toLowerCase() : null
  if (declared && !isCp1251(declared) && !isUtf8(declared)) {
    return { ok: false, encoding: null, error: `unsupported charset "${declared}": send UTF-8 or windows-1251` }
  }
  if (hasBom(bytes)) {
    if (declared && isCp1251(declared)) {
      return { ok: false, encoding: "utf-8-bom", error: "declared windows-1251 but the body starts with a UTF-8 BOM" }
    }
    const text = strictUtf8(bytes.subarray(3))
    if (text === null) return { ok: false, encoding: "utf-8-bom", error: "invalid UTF-8 after the byte-order mark" }
    return { ok: true, text, encoding: "utf-8-bom" }
  }
  const utf8 = strictUtf8(bytes)
  if (declared && isCp1251(declared)) {
    if (utf8 !== null && looksLikeUtf8(bytes)) {
      return { ok: false, encoding: "windows-1251", error: "declared windows-1251 but the body is UTF-8" }
    }
    return { ok: true, text: iconv.decode(Buffer.from(bytes), "win1251"), encoding: "windows-1251" }
  }
  if (utf8 !== null) return { ok: true, text: utf8, encoding: "utf-8" }
  if (declared) {
    return { ok: false, encoding: "utf-8", error: "invalid UTF-8: send charset=windows-1251 for Windows-1251 text" }
  }
  if (looksLikeUtf8(bytes)) {
    return { ok: false, encoding: null, error: "mixed encodings: UTF-8 and Windows-1251 bytes in one file" }
  }
  return { ok: true, text: iconv.decode(Buffer.from(bytes), "win1251"), encoding: "windows-1251" }
}
