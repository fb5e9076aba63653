import * as crypto from "crypto"
import { Drop, Tokenizer } from "liquidjs"
import {
  TemplateError,
  compileTemplate,
  renderTemplate,
  renderTemplateSync,
  resetTemplateCache,
  templateCacheStats,
} from "../render"

const items = [
  { title: "T-shirt", quantity: 2, total: "$39.98" },
  { title: "Mug", quantity: 1, total: "$9.50" },
]
const vars = { ORDER_ID: "1042", PRICE: "$49.48", SITE_NAME: "Demo Shop", items }

function renderError(body: string, variables: object = vars, options = {}): TemplateError {
  try {
    renderTemplateSync(body, variables, options)
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError)
    return error as TemplateError
  }
  throw new Error(`expected ${JSON.stringify(body)} to fail`)
}

beforeEach(() => resetTemplateCache())
afterEach(() => jest.restoreAllMocks())

describe("renderTemplate: macros and Liquid together", () => {
  it("renders #MACROS# and a for-loop in one template", async () => {
    const body =
      "Your order #ORDER_ID# costs #PRICE#: {% for item in items %}{{ item.quantity }}x {{ item.title }}{% unless forloop.last %}, {% endunless %}{% endfor %}"
    await expect(renderTemplate(body, vars)).resolves.toBe("Your order 1042 costs $49.48: 2x T-shirt, 1x Mug")
  })

  it("leaves # that is not a macro alone", () => {
    const body = "order #123, colour #fff, # 5, #lower#, #A-B#, ##ORDER_ID#, #ORDER_ID#!"
    expect(renderTemplateSync(body, vars)).toBe("order #123, colour #fff, # 5, #lower#, #A-B#, #1042, 1042!")
  })

  it("does not rewrite macros inside Liquid markup or raw blocks", () => {
    expect(renderTemplateSync('{{ "#ORDER_ID#" }} {% raw %}#ORDER_ID# {{ x }}{% endraw %}', vars)).toBe(
      "#ORDER_ID# #ORDER_ID# {{ x }}"
    )
  })

  it("resolves dotted macros against nested upper-case objects", () => {
    const variables = { CUSTOMER: { FIRST_NAME: "Olena", ADDRESS: { CITY: "Kyiv" } } }
    expect(renderTemplateSync("Hi #CUSTOMER.FIRST_NAME# from #CUSTOMER.ADDRESS.CITY#", variables)).toBe(
      "Hi Olena from Kyiv"
    )
  })

  it("renders unknown variables as empty text", () => {
    expect(renderTemplateSync("[#NOPE#][{{ nope.deeper }}]", vars)).toBe("[][]")
  })

  it("treats empty strings and 0 as false in conditions (jsTruthy)", () => {
    expect(renderTemplateSync("{% if CARRIER %}via #CARRIER#{% else %}no carrier{% endif %}", { CARRIER: "" })).toBe(
      "no carrier"
    )
    expect(renderTemplateSync("{% if N %}yes{% else %}no{% endif %}", { N: 0 })).toBe("no")
  })

  it("renders filters and other tags", () => {
    const body = '{{ SITE_NAME | upcase }} {% assign n = items | size %}{{ n }} {{ items | map: "title" | join: "+" }}'
    expect(renderTemplateSync(body, vars)).toBe("DEMO SHOP 2 T-shirt+Mug")
    expect(templateCacheStats().renders).toBe(1)
  })

  it("renders data that holds a Drop", () => {
    class Shouting extends Drop {
      liquidMethodMissing(key: string): string {
        return key.toUpperCase()
      }
    }
    const body = "{{ d.hello }}-{{ ORDER_ID }}"
    expect(renderTemplateSync(body, { d: new Shouting(), ORDER_ID: "7" })).toBe("HELLO-7")
  })
})

describe("renderTemplate: cache", () => {
  it("never parses the same template twice", () => {
    const tokenize = jest.spyOn(Tokenizer.prototype, "readTopLevelTokens")
    const body = "Order #ORDER_ID#: {% for item in items %}{{ item.title }} {% endfor %}"
    const first = renderTemplateSync(body, vars)
    for (let i = 0; i < 5; i++) expect(renderTemplateSync(body, vars)).toBe(first)
    expect(tokenize).toHaveBeenCalledTimes(1)
    const stats = templateCacheStats()
    expect(stats.parses).toBe(1)
    expect(stats.hits).toBe(5)
    expect(stats.misses).toBe(1)
  })

  it("keys the cache by the SHA-1 of the body", () => {
    const body = "Hello #SITE_NAME#"
    expect(compileTemplate(body).hash).toBe(crypto.createHash("sha1").update(body).digest("hex"))
    expect(compileTemplate(body)).toBe(compileTemplate(`${"Hello"} #SITE_NAME#`))
    expect(compileTemplate(`${body} `)).not.toBe(compileTemplate(body))
  })

  it("is bounded: the least recently used template is evicted", () => {
    resetTemplateCache(2)
    const parse = jest.spyOn(Tokenizer.prototype, "readTopLevelTokens")
    compileTemplate("a")
    compileTemplate("b")
    compileTemplate("a") // a is now the most recent
    compileTemplate("c") // evicts b
    expect(templateCacheStats()).toMatchObject({ size: 2, evictions: 1 })
    compileTemplate("a")
    expect(parse).toHaveBeenCalledTimes(3)
    compileTemplate("b")
    expect(parse).toHaveBeenCalledTimes(4)
  })
})

describe("renderTemplate: errors", () => {
  it("reports syntax errors with line and column in the admin's text", () => {
    const error = renderError("Hello #SITE_NAME#\n#ORDER_ID# #PRICE# {{ x | nosuchfilter }}")
    expect(error.kind).toBe("syntax")
    expect(error.reason).toBe("Syntax error: undefined filter: nosuchfilter")
    expect([error.line, error.column]).toEqual([2, 20])
    expect(error.message).toBe("Syntax error: undefined filter: nosuchfilter (line 2, column 20)")
  })

  it("reports unclosed tags where they open", () => {
    const error = renderError("#SITE_NAME# ok\n  {% if x %}never closed")
    expect(error.kind).toBe("syntax")
    expect(error.reason).toMatch(/not closed/)
    expect([error.line, error.column]).toEqual([2, 3])
  })

  it("rejects with TemplateError from the async form", async () => {
    await expect(renderTemplate("{% nosuchtag %}", {})).rejects.toBeInstanceOf(TemplateError)
  })

  it("rejects templates over the length limit before parsing", () => {
    const error = renderError("x".repeat(8_001))
    expect(error.kind).toBe("too_large")
    expect(error.reason).toBe("Template is 8,001 characters long; the limit is 8,000")
    expect(renderTemplateSync("x".repeat(8_000), {})).toHaveLength(8_000)
  })

  it("limits the output length (20,000 characters by default)", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ title: `Item number ${i}` }))
    const body = "{% for item in items %}{{ item.title }}, {% endfor %}"
    // (a deadline far away: on a busy machine the 250 ms one could come first)
    const error = renderError(body, { items: many }, { renderTimeLimitMs: 30_000 })
    expect(error.kind).toBe("too_large")
    expect(error.reason).toBe("Template stopped: the rendered text is longer than 20,000 characters")
    expect(renderTemplateSync(body, { items: many.slice(0, 10) }, { maxOutputLength: 1000 })).toContain("Item number 9")
    expect(renderError("#A##A##A#", { A: "x".repeat(40) }, { maxOutputLength: 100 }).reason).toBe(
      "Template stopped: the rendered text is longer than 100 characters"
    )
  })
})

describe("renderTemplate: sandbox", () => {
  const secretsGone = {
    "{{ process }}": "",
    "{{ process.env }}": "",
    "{{ x.constructor.constructor }}": "",
    '{{ x.constructor.constructor("return process")() }}': null,
    "{{ __proto__ }}": "",
    "{{ x.__proto__.constructor }}": "",
    "{{ items.constructor }}": "",
    '{{ items["__proto__"] }}': "",
    "{{ ORDER_ID.constructor }}": "",
    "{{ global }}{{ globalThis }}{{ require }}": "",
  }

  it.each(Object.entries(secretsGone))("%s reveals nothing", (body, expected) => {
    const variables = { x: { a: 1 }, items: [1, 2], ORDER_ID: "1042" }
    if (expected === null) {
      expect(renderError(body, variables).kind).toBe("syntax")
    } else {
      expect(renderTemplateSync(body, variables)).toBe(expected)
    }
  })

  it('refuses filter tricks such as {{ "" | constructor }}', () => {
    const error = renderError('{{ "" | constructor }}')
    expect(error.kind).toBe("syntax")
    expect(error.reason).toBe("Syntax error: undefined filter: constructor")
  })

  it.each([
    '{% include "secrets" %}',
    '{% render "/etc/passwd" %}',
    '{% layout "default" %}',
    "{% block x %}{% endblock %}",
  ])("has no file system: %s", (body) => {
    const error = renderError(body)
    expect(error.kind).toBe("syntax")
    expect(error.reason).toMatch(/tag "(include|render|layout|block)" not found/)
  })

  it("stops a loop over a huge range", () => {
    const started = Date.now()
    const error = renderError("{% for i in (1..100000000) %}x{% endfor %}")
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe("Template stopped: a range or list grew past 1,000,000 items (the limit for one render)")
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it("stops nested loops that would run for ever", () => {
    const body =
      "{% for a in (1..900) %}{% for b in (1..900) %}{% for c in (1..900) %}{% endfor %}{% endfor %}{% endfor %}"
    const started = Date.now()
    const error = renderError(body, {}, { renderTimeLimitMs: 100 })
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe("Template stopped: rendering took longer than 100 ms (check loops)")
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it("stops text that doubles itself", () => {
    const error = renderError(
      '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}'
    )
    expect(error.kind).toBe("limit")
  })

  it("stops nested loops over data", () => {
    const big = Array.from({ length: 300 }, (_, i) => i)
    const body =
      "#SITE_NAME#\n{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}{% endfor %}"
    const error = renderError(body, { items: big, SITE_NAME: "x" }, { renderTimeLimitMs: 100 })
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe("Template stopped: rendering took longer than 100 ms (check loops)")
  })
})
