import { FILE_KEYS, LEAD_KEYS, LINE_KEYS, WORK_KEYS, pickKeys } from "./keys"
import { type Read, readBoolean, readDate, readEmail, readNumber, readPhone, readTaxId, readText } from "./values"

/** One post-print work of a line (eyelets, gluing, pockets…). */
export interface LeadExtraWork {
  kind: string | null
  quantity: number | null
  description: string | null
}

export interface LeadLine {
  name: string | null
  /** SKU / nomenclature code: matched against product variants. */
  code: string | null
  machine_code: string | null
  resolution: string | null
  material: string | null
  material_code: string | null
  width: number | null
  height: number | null
  quantity: number | null
  price: number | null
  sum: number | null
  service: boolean
  extra_works: LeadExtraWork[]
}

export interface LeadFields {
  subject: string | null
  /** Wall-clock `YYYY-MM-DDTHH:MM:SS` as the website wrote it. */
  date: string | null
  description: string | null
  tax_id: string | null
  /** Digits with a leading + when one was written. */
  phone: string | null
  email: string | null
  contact_person: string | null
  layout_files: string[]
  items: LeadLine[]
}

/** A field that could not be read: `field` is the English path, `key` what the website sent. */
export interface FieldError {
  field: string
  key?: string
  message: string
}

export interface ParsedLead {
  fields: LeadFields
  errors: FieldError[]
  /** Keys no alias matched: kept in the raw payload only. */
  unknown_keys: string[]
}

export const EMPTY_FIELDS: LeadFields = Object.freeze({
  subject: null,
  date: null,
  description: null,
  tax_id: null,
  phone: null,
  email: null,
  contact_person: null,
  layout_files: [],
  items: [],
}) as LeadFields

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** Parse the JSON text of a payload. Never throws: bad JSON is an error on the root. */
export function parseLeadJson(text: string): ParsedLead {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return {
      fields: { ...EMPTY_FIELDS },
      errors: [{ field: "$", message: `malformed JSON: ${(e as Error).message}` }],
      unknown_keys: [],
    }
  }
  return parseLeadObject(data)
}

/** Parse a decoded payload: whatever is readable is kept; every unreadable field is reported. */
export function parseLeadObject(data: unknown): ParsedLead {
  const errors: FieldError[] = []
  if (!isObject(data)) {
    const got = Array.isArray(data) ? "an array" : data === null ? "null" : typeof data
    return {
      fields: { ...EMPTY_FIELDS },
      errors: [{ field: "$", message: `expected a JSON object, got ${got}` }],
      unknown_keys: [],
    }
  }
  const { found, unknown } = pickKeys(data, LEAD_KEYS)
  const take = <T>(field: keyof typeof LEAD_KEYS, read: (v: unknown) => Read<T>, fallback: T): T => {
    const entry = found[field]
    if (!entry) return fallback
    const r = read(entry[1])
    if ("error" in r) {
      errors.push({ field, key: entry[0], message: r.error })
      return fallback
    }
    return r.value
  }
  const fields: LeadFields = {
    subject: take("subject", (v) => readText(v, 500), null),
    date: take("date", readDate, null),
    description: take("description", readText, null),
    tax_id: take("tax_id", readTaxId, null),
    phone: take("phone", readPhone, null),
    email: take("email", readEmail, null),
    contact_person: take("contact_person", (v) => readText(v, 300), null),
    layout_files: readFiles(found.layout_files, errors),
    items: readLines(found.items, errors),
  }
  if (!fields.phone && !fields.email && !errors.some((e) => e.field === "phone" || e.field === "email")) {
    errors.push({ field: "phone", message: "a phone or an e-mail is required to reach the person" })
  }
  return { fields, errors, unknown_keys: unknown }
}

function readFiles(entry: [string, unknown] | undefined, errors: FieldError[]): string[] {
  if (!entry || entry[1] === null || entry[1] === undefined) return []
  const [key, value] = entry
  const list = Array.isArray(value) ? value : [value]
  const urls: string[] = []
  list.forEach((file, i) => {
    const raw = isObject(file) ? pickKeys(file, FILE_KEYS).found.url?.[1] : file
    const r = readText(raw, 2000)
    if ("error" in r || !r.value || !/^https?:\/\/\S+$/i.test(r.value)) {
      errors.push({ field: `layout_files[${i}]`, key: `${key}[${i}]`, message: "expected an http(s) URL" })
    } else urls.push(r.value)
  })
  return urls
}

function readLines(entry: [string, unknown] | undefined, errors: FieldError[]): LeadLine[] {
  if (!entry || entry[1] === null || entry[1] === undefined) return []
  const [key, value] = entry
  if (!Array.isArray(value)) {
    errors.push({ field: "items", key, message: "expected a list of lines" })
    return []
  }
  const lines: LeadLine[] = []
  value.forEach((raw, i) => {
    const path = `items[${i}]`
    if (!isObject(raw)) {
      errors.push({ field: path, key: `${key}[${i}]`, message: "expected an object" })
      return
    }
    const { found } = pickKeys(raw, LINE_KEYS)
    let bad = false
    const take = <T>(field: keyof typeof LINE_KEYS, read: (v: unknown) => Read<T>, fallback: T): T => {
      const e = found[field]
      if (!e) return fallback
      const r = read(e[1])
      if ("error" in r) {
        errors.push({ field: `${path}.${field}`, key: `${key}[${i}].${e[0]}`, message: r.error })
        bad = true
        return fallback
      }
      return r.value
    }
    const line: LeadLine = {
      name: take("name", (v) => readText(v, 500), null),
      code: take("code", (v) => readText(v, 200), null),
      machine_code: take("machine_code", (v) => readText(v, 200), null),
      resolution: take("resolution", (v) => readText(v, 200), null),
      material: take("material", (v) => readText(v, 500), null),
      material_code: take("material_code", (v) => readText(v, 200), null),
      width: take("width", (v) => readNumber(v, { min: 0 }), null),
      height: take("height", (v) => readNumber(v, { min: 0 }), null),
      quantity: take("quantity", (v) => readNumber(v, { min: 0 }), null),
      price: take("price", (v) => readNumber(v, { min: 0 }), null),
      sum: take("sum", (v) => readNumber(v, { min: 0 }), null),
      service: take("service", readBoolean, null) ?? false,
      extra_works: readWorks(found.extra_works, `${path}.extra_works`, `${key}[${i}]`, errors),
    }
    if (!line.name && !line.code) {
      errors.push({ field: `${path}.name`, key: `${key}[${i}]`, message: "a line needs a name or a code" })
      bad = true
    }
    if (!bad) lines.push(line)
  })
  return lines
}

function readWorks(
  entry: [string, unknown] | undefined,
  path: string,
  parentKey: string,
  errors: FieldError[]
): LeadExtraWork[] {
  if (!entry || entry[1] === null || entry[1] === undefined) return []
  const [key, value] = entry
  if (!Array.isArray(value)) {
    errors.push({ field: path, key: `${parentKey}.${key}`, message: "expected a list of works" })
    return []
  }
  const works: LeadExtraWork[] = []
  value.forEach((raw, i) => {
    const at = `${path}[${i}]`
    const sent = `${parentKey}.${key}[${i}]`
    if (!isObject(raw)) {
      errors.push({ field: at, key: sent, message: "expected an object" })
      return
    }
    const { found } = pickKeys(raw, WORK_KEYS)
    const kind = readText(found.kind?.[1], 300)
    const quantity = readNumber(found.quantity?.[1], { min: 0 })
    const description = readText(found.description?.[1], 2000)
    if ("error" in kind) errors.push({ field: `${at}.kind`, key: `${sent}.${found.kind![0]}`, message: kind.error })
    if ("error" in quantity)
      errors.push({ field: `${at}.quantity`, key: `${sent}.${found.quantity![0]}`, message: quantity.error })
    if ("error" in description)
      errors.push({ field: `${at}.description`, key: `${sent}.${found.description![0]}`, message: description.error })
    if ("error" in kind || "error" in quantity || "error" in description) return
    works.push({ kind: kind.value, quantity: quantity.value, description: description.value })
  })
  return works
}
