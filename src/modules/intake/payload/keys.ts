/**
 * The keys of the seed's v0.1 format (Russian, as 1C websites send them) and their English
 * aliases. Matching ignores case, spaces, "_" and "-", so `contact_person`, `ContactPerson`
 * and `КонтактноеЛицо` are one key. The seed's own typo "Разрешеине" is kept as an alias.
 */
export const LEAD_KEYS = {
  subject: ["Тема", "subject", "title"],
  date: ["Дата", "date"],
  description: ["Описание", "description", "comment"],
  tax_id: ["ИНН", "tax_id", "inn", "vat", "vat_id"],
  phone: ["Телефон", "phone", "tel"],
  email: ["АдресЭлектроннойПочты", "ЭлектроннаяПочта", "email", "e-mail", "mail"],
  contact_person: ["КонтактноеЛицо", "contact_person", "contact", "name"],
  layout_files: ["ФайлыМакета", "layout_files", "files"],
  items: ["Товары", "items", "lines", "products"],
} as const

export const FILE_KEYS = { url: ["Файл", "file", "url"] } as const

export const LINE_KEYS = {
  name: ["Номенклатура", "name", "title", "item"],
  code: ["Код", "Артикул", "code", "sku"],
  machine_code: ["СтанокКод", "machine_code"],
  resolution: ["Разрешение", "Разрешеине", "resolution"],
  material: ["Материал", "material"],
  material_code: ["МатериалКод", "material_code"],
  width: ["Ширина", "width"],
  height: ["Высота", "height"],
  quantity: ["Количество", "quantity", "qty"],
  price: ["Цена", "price", "unit_price"],
  sum: ["Сумма", "sum", "total", "amount"],
  service: ["Услуга", "service", "is_service"],
  extra_works: ["ДополнительныеРаботы", "extra_works", "works"],
} as const

export const WORK_KEYS = {
  kind: ["ВидРаботы", "kind", "work", "name"],
  quantity: ["Количество", "quantity", "qty"],
  description: ["Описание", "description"],
} as const

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[\s_-]/g, "")
}

type KeyTable = Record<string, readonly string[]>

/**
 * Maps an object's keys to the table's canonical names: `{ canonical: [originalKey, value] }`
 * and the keys nothing matched (kept in the raw payload, reported to the admin).
 */
export function pickKeys<T extends KeyTable>(
  obj: Record<string, unknown>,
  table: T
): { found: Partial<Record<keyof T, [string, unknown]>>; unknown: string[] } {
  const lookup = new Map<string, keyof T>()
  for (const [canonical, aliases] of Object.entries(table)) {
    for (const alias of aliases) lookup.set(normalizeKey(alias), canonical as keyof T)
  }
  const found: Partial<Record<keyof T, [string, unknown]>> = {}
  const unknown: string[] = []
  for (const [key, value] of Object.entries(obj)) {
    const canonical = lookup.get(normalizeKey(key))
    if (canonical === undefined) unknown.push(key)
    else if (!found[canonical]) found[canonical] = [key, value]
  }
  return { found, unknown }
}
