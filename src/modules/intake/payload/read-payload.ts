import { type PayloadEncoding, decodePayload } from "./encoding"
import { EMPTY_FIELDS, type FieldError, type LeadFields, parseLeadJson } from "./payload"

/** 1 MB: a lead with hundreds of lines fits many times over. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024

export interface ReadPayload {
  encoding: PayloadEncoding | null
  /** The decoded text (what the lead keeps as its raw payload); null when it could not be decoded. */
  text: string | null
  fields: LeadFields
  errors: FieldError[]
  unknown_keys: string[]
}

/** Bytes of a payload → decoded text and parsed fields, every fault an error (never throws). */
export function readLeadPayload(
  bytes: Uint8Array,
  opts: { charset?: string | null; maxBytes?: number; field?: string } = {}
): ReadPayload {
  const field = opts.field ?? "$"
  const max = opts.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES
  const fail = (message: string, encoding: PayloadEncoding | null = null): ReadPayload => ({
    encoding,
    text: null,
    fields: { ...EMPTY_FIELDS },
    errors: [{ field, message }],
    unknown_keys: [],
  })
  if (bytes.length > max) return fail(`${bytes.length} bytes, over the limit of ${max}`)
  if (bytes.length === 0) return fail("empty payload")
  const decoded = decodePayload(bytes, opts.charset)
  if (!decoded.ok) return fail(decoded.error, decoded.encoding)
  const parsed = parseLeadJson(decoded.text)
  return { encoding: decoded.encoding, text: decoded.text, ...parsed }
}
