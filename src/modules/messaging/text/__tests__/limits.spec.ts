import {
  CreateTemplate,
  TEMPLATE_BODY_MAX,
  ValidateTemplate,
} from "../../../../api/admin/messaging/validators/templates"
import { sandboxedLiquid } from "../liquid-engine"
import { ARRAY_ITEM_WEIGHT, RenderBudget, TEMPLATE_LIMITS, measure } from "../limits"
import { TemplateError, compileTemplate, renderTemplateSync, resetTemplateCache } from "../render"
import type { RenderOptions } from "../render"
import { validateTemplate } from "../validate"

function renderError(body: string, variables: object = {}, options: RenderOptions = {}): TemplateError {
  try {
    renderTemplateSync(body, variables, options)
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError)
    return error as TemplateError
  }
  throw new Error(`expected ${JSON.stringify(body)} to fail`)
}

/** A clock that advances `step` milliseconds every time it is read. */
function steppingClock(step: number): () => number {
  let t = 0
  return () => (t += step) - step
}

beforeEach(() => resetTemplateCache())

describe("template limits: one set of numbers", () => {
  it("are the documented values", () => {
    expect(TEMPLATE_LIMITS).toEqual({
      maxTemplateLength: 8_000,
      maxNestingDepth: 30,
      maxOutputLength: 20_000,
      maxBuiltChars: 100_000,
      renderTimeMs: 250,
      liquidMemory: 1_000_000,
    })
  })

  it("share the template length with the admin routes", () => {
    expect(TEMPLATE_BODY_MAX).toBe(TEMPLATE_LIMITS.maxTemplateLength)
    const template = { event_name: "order.placed", audience: "customer" }
    expect(CreateTemplate.safeParse({ ...template, body: "x".repeat(8_000) }).success).toBe(true)
    expect(CreateTemplate.safeParse({ ...template, body: "x".repeat(8_001) }).success).toBe(false)
    expect(ValidateTemplate.safeParse({ event_name: "order.placed", body: "x".repeat(8_001) }).success).toBe(false)
    // What the route accepts, the engine parses; one character more is refused by both.
    expect(compileTemplate("x".repeat(8_000)).render({})).toHaveLength(8_000)
    expect(renderError("x".repeat(8_001)).reason).toBe("Template is 8,001 characters long; the limit is 8,000")
  })
})

describe("template limits: characters built", () => {
  it("measures strings by length and arrays by items plus their strings", () => {
    expect(measure("abc")).toBe(3)
    expect(measure(42)).toBe(1)
    expect(measure(["ab", "c", 7])).toBe(3 * ARRAY_ITEM_WEIGHT + 3)
    expect(measure([["ab"], "c"])).toBe(2 * ARRAY_ITEM_WEIGHT + (ARRAY_ITEM_WEIGHT + 2) + 1)
    // Counting stops once past the cap: 10 items of 1,000 characters, cap 1,500 → two strings counted.
    expect(measure(new Array(10).fill("x".repeat(1_000)), 1_500)).toBe(10 * ARRAY_ITEM_WEIGHT + 2_000)
  })

  it("every filter refuses an input larger than the budget, before running", () => {
    const note = "a".repeat(100_001)
    for (const filter of ["url_encode", "cgi_escape", "slugify", "strip_html", "size"]) {
      const error = renderError(`{{ NOTE | ${filter} }}`, { NOTE: note })
      expect(error.kind).toBe("limit")
      expect(error.reason).toBe(
        `Template stopped: the input of filter "${filter}" is longer than 100,000 characters (the limit for one render)`
      )
    }
    expect(renderTemplateSync("{{ NOTE | url_encode | size }}", { NOTE: "a".repeat(99_000) })).toBe("99000")
  })

  it("filters that work per item (where, map, sort, …) accept 1/8 of the budget", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ a: i % 3 }))
    expect(renderTemplateSync('{{ L | where: "a", 1 | size }}', { L: list(1_000) })).toBe("333")
    expect(renderError('{{ L | where: "a", 1 | size }}', { L: list(2_000) }).reason).toBe(
      'Template stopped: the input of filter "where" is larger than 12,500 characters or about 1,562 items (the limit for this filter)'
    )
    expect(renderTemplateSync("{{ L | size }}", { L: list(2_000) })).toBe("2000")
  })

  it("counts every filter's result, assign and capture against one budget", () => {
    const options = { maxBuiltChars: 1_000 }
    const note = "n".repeat(300)
    expect(renderTemplateSync("{{ N | upcase | size }}", { N: note }, options)).toBe("300")
    // 300 (upcase) + 300 (downcase) + 300 (upcase) + 300 (downcase) > 1,000
    expect(renderError("{{ N | upcase | downcase | upcase | downcase | size }}", { N: note }, options).reason).toBe(
      'Template stopped: filter "downcase" builds more than 1,000 characters of text (the limit for one render)'
    )
    const assigns = "{% assign a = N %}{% assign b = N %}{% assign c = N %}{% assign d = N %}ok"
    expect(renderError(assigns, { N: note }, options).reason).toMatch(
      /^Template stopped: assign builds more than 1,000 characters/
    )
    const captures = "{% capture a %}{{ N }}{{ N }}{% endcapture %}{% capture b %}{{ N }}{{ N }}{% endcapture %}ok"
    expect(renderError(captures, { N: note }, options).reason).toMatch(
      /^Template stopped: the template builds more than 1,000 characters/
    )
  })

  it("stops a capture that doubles a string as it grows, before any filter sees it", () => {
    const body =
      "{% capture s %}xxxxxxxx{% endcapture %}{% for i in (1..24) %}{% capture s %}{{s}}{{s}}{% endcapture %}{% endfor %}{{ s | url_encode | size }}"
    const error = renderError(body)
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe(
      "Template stopped: the template builds more than 100,000 characters of text (the limit for one render)"
    )
    expect([error.line, error.column]).toEqual([1, 82])
  })

  it("refuses replace, join and date results predicted to be too large, before building them", () => {
    const replace =
      "{% capture s %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endcapture %}{{ s | replace: 'x', R | size }}"
    expect(renderError(replace, { R: "y".repeat(5_000) }).reason).toBe(
      'Template stopped: filter "replace" builds more than 100,000 characters of text (the limit for one render)'
    )
    expect(renderTemplateSync(replace, { R: "y".repeat(100) })).toBe("4000")
    expect(
      renderError("{{ L | join: S }}", { L: Array.from({ length: 100 }, String), S: "-".repeat(2_000) }).reason
    ).toMatch(/filter "join" builds more/)
    expect(renderError('{{ "2024-01-05" | date: "%200000d" }}').reason).toMatch(/filter "date" builds more/)
    expect(renderTemplateSync('{{ "2024-01-05T12:00:00Z" | date: "%5d" }}', {})).toBe("00005")
  })

  it("holds for the engine used directly, with a default budget per render", () => {
    expect(() => sandboxedLiquid.parseAndRenderSync("{{ s | url_encode }}", { s: "x".repeat(150_000) })).toThrow(
      /input of filter "url_encode" is longer than 100,000 characters/
    )
    expect(sandboxedLiquid.parseAndRenderSync("{{ s | url_encode }}", { s: "a b" })).toBe("a+b")
  })
})

describe("template limits: output", () => {
  it("stops a LiquidJS loop as soon as the output passes the limit", () => {
    // 21 iterations pass 20,000 characters; without the check the loop would build 1,000 × 1,000.
    const error = renderError(
      "{% for i in (1..1000) %}{{ S | upcase }}{% endfor %}",
      { S: "s".repeat(1_000) },
      { maxBuiltChars: 10_000_000 }
    )
    expect(error.kind).toBe("too_large")
    expect(error.reason).toBe("Template stopped: the rendered text is longer than 20,000 characters")
  })
})

describe("template limits: deadline", () => {
  it("holds between the filters of one {{ }} (LiquidJS checks its own only between nodes)", () => {
    // Every filter reads the clock once; it advances 100 ms per read: the third filter is past 250 ms.
    const error = renderError('{{ "a" | upcase | downcase | upcase | downcase }}', {}, { now: steppingClock(100) })
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe("Template stopped: rendering took longer than 250 ms (check loops)")
    expect(renderTemplateSync('{{ "a" | upcase | downcase }}', {}, { now: steppingClock(100) })).toBe("a")
  })

  it("a budget reads the clock once when created and once per check", () => {
    const now = jest.fn(steppingClock(10))
    const budget = new RenderBudget({ renderTimeMs: 25, now })
    budget.checkTime()
    budget.checkTime()
    expect(() => budget.checkTime()).toThrow("rendering took longer than 25 ms (check loops)")
    expect(now).toHaveBeenCalledTimes(4)
  })
})

describe("template limits: nesting depth", () => {
  const nested = (depth: number) => "{% if a %}".repeat(depth) + "x" + "{% endif %}".repeat(depth)

  it("renders 30 nested blocks and refuses 31, pointing at the 31st", () => {
    expect(renderTemplateSync(nested(30), { a: true })).toBe("x")
    const error = renderError("line one\n" + nested(31), { a: true })
    expect(error.kind).toBe("limit")
    expect(error.reason).toBe("Template refused: tags or brackets are nested deeper than 30 levels")
    expect([error.line, error.column]).toEqual([2, 301])
  })

  it("counts every block tag and the liquid tag's own lines", () => {
    const mixed = "{% for i in list %}{% unless b %}{% case c %}{% when 1 %}{% capture d %}".repeat(8) + "x"
    expect(renderError(mixed).reason).toBe("Template refused: tags or brackets are nested deeper than 30 levels")
    const liquid = `{% if a %}{% liquid\n${"if a\n".repeat(29)}echo "x"\n${"endif\n".repeat(29)}%}{% endif %}`
    expect(renderError(liquid, { a: true }).reason).toBe(
      "Template refused: tags or brackets are nested deeper than 30 levels"
    )
  })

  it("counts brackets in an expression too (LiquidJS parses them recursively)", () => {
    const brackets = (depth: number) => `{{ ${"a[".repeat(depth)}0${"]".repeat(depth)} }}`
    expect(renderTemplateSync(brackets(30), { a: [0] })).toBe("0")
    expect(renderError(brackets(31)).reason).toBe("Template refused: tags or brackets are nested deeper than 30 levels")
    expect(renderError(`{% if ${"(".repeat(40)}a${")".repeat(40)} %}x{% endif %}`).reason).toMatch(
      /nested deeper than 30 levels/
    )
    expect(renderTemplateSync(`{{ "${"(".repeat(40)}" }}`, {})).toBe("(".repeat(40))
  })

  it("does not count tags inside comments or raw blocks, nor siblings", () => {
    const siblings = "{% if a %}x{% endif %}".repeat(200)
    expect(renderTemplateSync(siblings, { a: true })).toBe("x".repeat(200))
    expect(renderTemplateSync(`{% comment %}${"{% if a %}".repeat(50)}{% endcomment %}ok`, {})).toBe("ok")
    expect(renderTemplateSync(`{% raw %}${"{% if a %}".repeat(50)}{% endraw %}`, {})).toBe("{% if a %}".repeat(50))
  })
})

describe("template limits: validation runs the same limits", () => {
  it("refuses at save a template that would blow up, naming the limit", () => {
    const body =
      "{% capture s %}xxxxxxxx{% endcapture %}{% for i in (1..24) %}{% capture s %}{{s}}{{s}}{% endcapture %}{% endfor %}{{ s | cgi_escape }}"
    const result = validateTemplate(body, { event: "order.placed", audience: "customer" })
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual([
      {
        message:
          "Template stopped: the template builds more than 100,000 characters of text (the limit for one render)",
        line: 1,
        column: 82,
      },
    ])
    const deep = validateTemplate("{% if ORDER_ID %}".repeat(31) + "{% endif %}".repeat(31), {
      event: "order.placed",
      audience: "customer",
    })
    expect(deep.errors).toEqual([
      { message: "Template refused: tags or brackets are nested deeper than 30 levels", line: 1, column: 511 },
    ])
  })
})
