import { readFileSync } from "node:fs"
import { join } from "node:path"
import iconv from "iconv-lite"
import { decodePayload, declaredCharset, parseLeadJson, parseLeadObject, readLeadPayload } from ".."

const SEED = readFileSync(join(__dirname, "../../../../../test/fixtures/intake/seed-v0.1.json"), "utf8")
const cp1251 = (text: string) => iconv.encode(text, "win1251")
const utf8 = (text: string) => Buffer.from(text, "utf8")
const withBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])

describe("the seed's v0.1 sample", () => {
  it("parses every field from Windows-1251 and records the encoding", () => {
    const read = readLeadPayload(cp1251(SEED))
    expect(read.encoding).toBe("windows-1251")
    expect(read.errors).toEqual([])
    expect(read.fields).toMatchObject({
      subject: "Заказ №123 от 01.06.2019 бла бла бла",
      date: "2019-05-29T15:15:00",
      description: "Произвольный тест описание заказа строкой",
      tax_id: "7709745454",
      phone: "+79256424290",
      email: "adwcom@gmail.com",
      contact_person: "Прилепский Алексей Анатольевич",
    })
    expect(read.fields.layout_files).toHaveLength(2)
    const [banner, delivery] = read.fields.items
    expect(banner).toMatchObject({
      name: "Ролап 123 22 22",
      machine_code: "1",
      resolution: "360 dpi",
      material_code: "00-00000021",
      width: 2,
      height: 2,
      quantity: 2,
      price: 500,
      sum: 1000,
      service: false,
    })
    expect(banner.extra_works).toEqual([
      { kind: "Люверсы", quantity: 2, description: "шаг 30см" },
      { kind: "Проклейка", quantity: 2, description: "проклейка да" },
      { kind: "Карманы", quantity: 2, description: "везде" },
    ])
    expect(delivery).toMatchObject({ name: "Доставка", service: true, quantity: 2, price: 500, extra_works: [] })
  })

  it("reads the same from UTF-8 with and without a BOM", () => {
    const plain = readLeadPayload(utf8(SEED))
    const bom = readLeadPayload(withBom(SEED))
    expect(plain.encoding).toBe("utf-8")
    expect(bom.encoding).toBe("utf-8-bom")
    const win = readLeadPayload(cp1251(SEED))
    expect(plain.fields).toEqual(win.fields)
    expect(bom.fields).toEqual(win.fields)
  })
})

describe("English aliases and partial payloads", () => {
  it("accepts English keys in any case", () => {
    const parsed = parseLeadObject({
      Subject: "Call me",
      phone: "+44 20 7946 0958",
      Contact_Person: "Jane Doe",
      items: [{ name: "Banner", sku: "BN-1", qty: "3", price: "9,5", extra_works: [{ kind: "Eyelets", quantity: 4 }] }],
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.fields.items[0]).toMatchObject({ name: "Banner", code: "BN-1", quantity: 3, price: 9.5 })
    expect(parsed.fields.items[0].extra_works[0]).toEqual({ kind: "Eyelets", quantity: 4, description: null })
  })

  it("keeps a contact-only lead and reports unknown keys", () => {
    const parsed = parseLeadObject({ АдресЭлектроннойПочты: "A@Example.com", Источник: "форма" })
    expect(parsed.errors).toEqual([])
    expect(parsed.fields.email).toBe("a@example.com")
    expect(parsed.fields.items).toEqual([])
    expect(parsed.unknown_keys).toEqual(["Источник"])
  })

  it("needs one way to reach the person", () => {
    expect(parseLeadObject({ Тема: "?" }).errors).toEqual([
      { field: "phone", message: "a phone or an e-mail is required to reach the person" },
    ])
  })

  it("reads dates with or without seconds and ISO dates", () => {
    expect(parseLeadObject({ phone: "1234567", date: "01.06.2019" }).fields.date).toBe("2019-06-01T00:00:00")
    expect(parseLeadObject({ phone: "1234567", date: "1.6.2019 9:05" }).fields.date).toBe("2019-06-01T09:05:00")
    expect(parseLeadObject({ phone: "1234567", date: "2019-06-01T09:05:00Z" }).fields.date).toBe("2019-06-01T09:05:00")
  })
})

describe("faults are field errors, the rest is kept", () => {
  it("malformed JSON", () => {
    const read = readLeadPayload(cp1251('{"Телефон": "+7 925",'))
    expect(read.errors[0]).toMatchObject({ field: "$" })
    expect(read.errors[0].message).toMatch(/malformed JSON/)
    expect(read.text).toContain("Телефон")
  })

  it("a JSON that is not an object", () => {
    expect(parseLeadJson("[1,2]").errors).toEqual([{ field: "$", message: "expected a JSON object, got an array" }])
    expect(parseLeadJson('"x"').errors[0].message).toBe("expected a JSON object, got string")
    expect(parseLeadJson("null").errors[0].message).toBe("expected a JSON object, got null")
  })

  it("dates in other formats, negative quantities, bad e-mail: each named, the rest kept", () => {
    const parsed = parseLeadObject({
      Телефон: "+7 925 642 42-90",
      Дата: "May 29, 2019",
      АдресЭлектроннойПочты: "not-an-email",
      Товары: [
        { Номенклатура: "Ролап", Количество: -2, Цена: 500 },
        {
          Номенклатура: "Доставка",
          Количество: 1,
          Цена: 300,
          ДополнительныеРаботы: [{ ВидРаботы: "X", Количество: "много" }],
        },
        { Номенклатура: "Ok", Количество: 1 },
      ],
    })
    expect(parsed.errors).toEqual([
      { field: "date", key: "Дата", message: "expected DD.MM.YYYY HH:MM:SS" },
      { field: "email", key: "АдресЭлектроннойПочты", message: "not an e-mail address" },
      { field: "items[0].quantity", key: "Товары[0].Количество", message: "must be 0 or more" },
      {
        field: "items[1].extra_works[0].quantity",
        key: "Товары[1].ДополнительныеРаботы[0].Количество",
        message: "expected a number",
      },
    ])
    expect(parsed.fields.phone).toBe("+79256424290")
    expect(parsed.fields.items.map((l) => l.name)).toEqual(["Доставка", "Ok"])
    expect(parsed.fields.items[0].extra_works).toEqual([])
  })

  it("an attachment over the size limit", () => {
    const read = readLeadPayload(utf8(SEED), { maxBytes: 100 })
    expect(read.errors[0].message).toMatch(/over the limit of 100/)
    expect(read.text).toBeNull()
  })

  it("mixed encodings in one file", () => {
    const mixed = Buffer.concat([
      cp1251('{"Тема": "Заказ", '),
      utf8('"КонтактноеЛицо": "Прилепский Алексей", "Телефон": "1234567"}'),
    ])
    const read = readLeadPayload(mixed)
    expect(read.errors[0].message).toMatch(/mixed encodings/)
  })
})

describe("declared charsets (HTTP)", () => {
  it("reads the charset of a content type", () => {
    expect(declaredCharset("application/json; charset=Windows-1251")).toBe("windows-1251")
    expect(declaredCharset('application/json; charset="utf-8"')).toBe("utf-8")
    expect(declaredCharset("application/json")).toBeNull()
  })

  it("decodes windows-1251 when declared and refuses wrong ones", () => {
    expect(decodePayload(cp1251('{"a":"Тема"}'), "windows-1251")).toEqual({
      ok: true,
      text: '{"a":"Тема"}',
      encoding: "windows-1251",
    })
    expect(decodePayload(cp1251('{"a":"Тема"}'), "utf-8")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/invalid UTF-8/),
    })
    expect(decodePayload(utf8('{"a":"Тема Заказа"}'), "windows-1251")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is UTF-8/),
    })
    expect(decodePayload(utf8("{}"), "koi8-r")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unsupported charset/),
    })
  })
})
