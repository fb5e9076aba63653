import fc from "fast-check"
import { FAST_PATH_BAILOUT, compileFastTemplate } from "../fast-render"
import type { FastTemplate } from "../fast-render"
import { LIQUID_JS_TRUTHY, createSandboxedLiquid } from "../liquid-engine"

/**
 * The closure compiler must render exactly what LiquidJS renders. These tests
 * compare both engines on hand-picked edge cases and on random templates with
 * random data.
 */

const liquid = createSandboxedLiquid()
const limits = { maxOutputLength: 1_000_000, maxLoopIterations: 1_000_000 }

function compile(source: string): FastTemplate | null {
  return compileFastTemplate(liquid.parse(source), { jsTruthy: LIQUID_JS_TRUTHY })
}

/** Output of both engines, or "bailout" when the compiled template handed over to LiquidJS. */
function both(source: string, data: object): { fast: string | "bailout"; liquid: string } {
  const fast = compile(source)
  if (!fast) throw new Error(`not compiled: ${source}`)
  let fastOutput: string
  try {
    fastOutput = fast(data, limits)
  } catch (error) {
    if (error !== FAST_PATH_BAILOUT) throw error
    fastOutput = "bailout"
  }
  return { fast: fastOutput, liquid: liquid.renderSync(liquid.parse(source), data) }
}

const data = {
  s: "hello",
  emptyText: "",
  zero: 0,
  n: 2.5,
  t: true,
  f: false,
  nil: null,
  arr: [1, "two", [3, 4], null],
  items: [
    { title: "T-shirt", quantity: 2, tags: ["a", "b"] },
    { title: "Mug", quantity: 1, tags: [] },
  ],
  obj: { a: 1, b: "x", size: 99, first: "F" },
  nested: { deep: { deeper: { value: "bottom" } } },
  first: "top-level first",
}

describe("compiled templates render exactly like LiquidJS", () => {
  const cases = [
    "plain text only",
    "{{ s }} {{ s.size }} {{ s.first }} {{ s[0] }} {{ s[-1] }} {{ s.length }}",
    "{{ arr }} {{ arr.size }} {{ arr.first }} {{ arr.last }} {{ arr[-1] }} {{ arr[2][1] }} {{ arr[9] }}",
    "{{ obj.size }} {{ obj.first }} {{ obj.last }} {{ obj['a'] }} {{ obj.nope }}",
    "{{ size }}|{{ first }}|{{ last }}|{{ constructor }}|{{ toString }}|{{ hasOwnProperty }}",
    "{{ nested.deep.deeper.value }} {{ nested.deep.missing.value }}",
    "{{ n }} {{ zero }} {{ t }} {{ f }} {{ nil }} {{ emptyText }}",
    '{{ "lit" }} {{ 5 }} {{ 1.50 }} {{ true }} {{ false }} {{ nil }} {{ empty }} {{ blank }}',
    "{% for item in items %}{{ forloop.index }}/{{ forloop.length }}:{{ item.title }}x{{ item.quantity }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %} {{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.index0 }} {{ forloop.name }}; {% endfor %}",
    "{% for x in missing %}never{% else %}else-branch {{ s }}{% endfor %}",
    "{% for x in emptyText %}never{% else %}empty string is empty{% endfor %}",
    "{% for x in s %}[{{ x }}]{% endfor %}",
    "{% for pair in obj %}{{ pair[0] }}={{ pair[1] }},{% endfor %}",
    "{% for a in items %}{% for t in a.tags %}{{ forloop.index }}{{ t }}{{ a.title }}{% else %}none{% endfor %}|{{ forloop.index }}{% endfor %}",
    "{% for s in arr %}{{ s }}{% endfor %}{{ s }}",
    "{% if s %}A{% endif %}{% if emptyText %}B{% endif %}{% if zero %}C{% endif %}{% if nil %}D{% endif %}{% if arr %}E{% endif %}{% if missing %}F{% endif %}",
    "{% if s == 'hello' and n > 2 %}A{% elsif zero %}B{% else %}C{% endif %}",
    "{% if n >= 2.5 or missing %}A{% endif %}{% if n < 3 %}B{% endif %}{% if n <= 1 %}C{% endif %}{% if s != 'x' %}D{% endif %}",
    "{% if s contains 'ell' %}A{% endif %}{% if arr contains 'two' %}B{% endif %}{% if arr contains 5 %}C{% endif %}{% if n contains 2 %}D{% endif %}",
    "{% if empty == empty %}A{% endif %}{% if arr == empty %}B{% endif %}{% if nil == nil %}C{% endif %}{% if missing == blank %}D{% endif %}{% if '  ' == blank %}E{% endif %}",
    "{% if obj == empty %}A{% endif %}{% if missing == nil %}B{% endif %}{% if nil > 1 %}C{% endif %}{% if s > nil %}D{% endif %}",
    "{% if not t %}A{% else %}B{% endif %}",
    "{% if t and f or t %}A{% endif %}{% if f or f and t %}B{% endif %}",
    "{% unless s %}A{% elsif zero %}B{% else %}C{% endunless %}{% unless missing %}D{% endunless %}",
    "{% comment %}hidden {{ s }}{% endcomment %}{% # inline %}visible",
    "  {%- if s -%}  trimmed  {%- endif -%}  ",
  ]

  it.each(cases)("%s", (source) => {
    const result = both(source, data)
    expect(result.fast).not.toBe("bailout")
    expect(result.fast).toBe(result.liquid)
  })

  it("hands Drops and objects printed as text over to LiquidJS", () => {
    expect(both("{{ obj }}", data).fast).toBe("bailout")
    expect(both("{{ arr }}{{ items }}", data).fast).toBe("bailout")
  })

  it("leaves templates outside the subset to LiquidJS", () => {
    for (const source of [
      "{{ s | upcase }}",
      "{% assign x = 1 %}",
      "{% for i in (1..3) %}{{ i }}{% endfor %}",
      "{% for x in arr limit: 2 %}{{ x }}{% endfor %}",
      "{% for x in arr %}{% break %}{% endfor %}",
      "{% case s %}{% when 'a' %}{% endcase %}",
      "{% for x in arr %}{{ forloop }}{% endfor %}",
      "{% for x in arr %}{{ forloop.constructor }}{% endfor %}",
      "{{ obj[s] }}",
      "{% capture c %}x{% endcapture %}",
      "{% raw %}{{ x }}{% endraw %}",
      '{% echo "x" %}',
    ]) {
      expect(compile(source)).toBeNull()
    }
  })
})

function outcome(render: () => string): { output: string; error?: undefined } | { output?: undefined; error: unknown } {
  try {
    return { output: render() }
  } catch (error) {
    return { error }
  }
}

describe("property: random templates and data render identically", () => {
  const names = ["a", "b", "items", "x", "size", "first", "last", "constructor", "__proto__", "toString", "length"]
  const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "Ж", "-", ",", "."), maxLength: 4 })
  const key = fc.oneof(
    fc.constantFrom(...names).map((name) => `.${name}`),
    fc.integer({ min: -3, max: 3 }).map((index) => `[${index}]`),
    fc.constantFrom(...names).map((name) => `["${name}"]`)
  )
  const path = fc
    .tuple(fc.constantFrom(...names, "forloop"), fc.array(key, { maxLength: 3 }))
    .map(([root, keys]) => root + keys.join(""))
  const literal = fc.constantFrom("nil", "empty", "blank", "true", "false", "0", "1", "2.5", '"a"', '""', '"b"')
  const operand = fc.oneof({ weight: 3, arbitrary: path }, { weight: 1, arbitrary: literal })
  const comparison = fc.oneof(
    operand,
    fc
      .tuple(operand, fc.constantFrom("==", "!=", ">", "<", ">=", "<=", "contains"), operand)
      .map((parts) => parts.join(" "))
  )
  const condition = fc.oneof(
    { weight: 3, arbitrary: comparison },
    {
      weight: 1,
      arbitrary: fc.tuple(comparison, fc.constantFrom("and", "or"), comparison).map((parts) => parts.join(" ")),
    }
  )

  const { template } = fc.letrec<{ template: string; node: string }>((tie) => ({
    template: fc.array(tie("node"), { maxLength: 4 }).map((nodes) => nodes.join("")),
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      text,
      operand.map((value) => `{{ ${value} }}`),
      fc
        .tuple(condition, tie("template"), tie("template"))
        .map(([c, yes, no]) => `{% if ${c} %}${yes}{% else %}${no}{% endif %}`),
      fc.tuple(condition, tie("template")).map(([c, body]) => `{% unless ${c} %}${body}{% endunless %}`),
      fc
        .tuple(fc.constantFrom("a", "x", "item"), path, tie("template"), tie("template"))
        .map(
          ([variable, collection, body, otherwise]) =>
            `{% for ${variable} in ${collection} %}${body}{% else %}${otherwise}{% endfor %}`
        )
    ),
  }))

  const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("", "a", "b", "hello", "  "),
      fc.integer({ min: -2, max: 3 }),
      fc.constantFrom(0.5, 2.5),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 3 }),
      // plain objects (as real data) and null-prototype ones
      fc.dictionary(fc.constantFrom(...names), tie("value"), { maxKeys: 3 }).map((d) => ({ ...d })),
      fc.dictionary(fc.constantFrom(...names), tie("value"), { maxKeys: 3 })
    ),
  })).value
  const variables = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 6 }).map((d) => ({ ...d }))

  it("matches LiquidJS whenever the compiled path renders", () => {
    let compared = 0
    let runs = 0
    fc.assert(
      fc.property(template, variables, (source, env) => {
        runs++
        const fast = compile(source)
        if (!fast) return
        const fastResult = outcome(() => fast(env, limits))
        if (fastResult.error === FAST_PATH_BAILOUT) return
        compared++
        const liquidResult = outcome(() => liquid.renderSync(liquid.parse(source), env) as string)
        if ("error" in fastResult) {
          // e.g. comparing objects with a null prototype: LiquidJS fails the same way
          expect(liquidResult).toHaveProperty("error")
        } else {
          expect(fastResult.output).toBe(liquidResult.output)
        }
      }),
      { numRuns: 1500 }
    )
    // The comparison must not be vacuous: most random templates go through the compiled path.
    expect(compared / runs).toBeGreaterThan(0.5)
  })
})
