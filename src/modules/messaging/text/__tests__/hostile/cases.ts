/**
 * Hostile templates (issue 11 §1): each must be refused with an error that
 * names a limit, or render within the limits — at send (render) and at save
 * (validate). hostile-templates.spec.ts runs them in a child process with a
 * capped heap, so a template that still blows up kills the child, not jest.
 */

export interface HostileCase {
  name: string
  template: string
  /** Data for the render (validation uses the event's sample data). */
  variables?: Record<string, unknown>
  /** `refused`: a TemplateError whose reason matches `reason`; `rendered`: output within the limits. */
  expect: "refused" | "rendered"
  /** What the refusal must say (it names the limit). */
  reason?: RegExp
  /** True when the validation should refuse it too (its sample data reach the same limit). */
  validateRefuses?: boolean
  /** True for the cases the issue reports as blowing up today (they crash or hang the old code). */
  today?: boolean
}

export const BUILT =
  /builds more than 100,000 characters|input of filter "[a-z0-9_]+" is longer than 100,000 characters/
export const OUTPUT = /rendered text is longer than 20,000 characters/
export const DEPTH = /nested deeper than 30 levels/
export const LENGTH = /the limit is 8,000/
export const TIME = /took longer than 250 ms/
export const RANGE = /grew past 1,000,000 items/
export const ANY_LIMIT = new RegExp([BUILT, OUTPUT, TIME, RANGE].map((r) => r.source).join("|"))

/** `seed` doubled `times` times by capture (no filter involved), then `then`. */
export function doubledByCapture(seed: string, times: number, then: string): string {
  return `{% capture s %}${seed}{% endcapture %}{% for i in (1..${times}) %}{% capture s %}{{s}}{{s}}{% endcapture %}{% endfor %}${then}`
}

/** Every string filter family over a string doubled by capture (the 137-character report: 2^24 × 8 characters). */
const STRING_FILTERS = [
  "url_encode",
  "url_decode",
  "cgi_escape",
  "uri_escape",
  "slugify",
  "escape",
  "xml_escape",
  "newline_to_br",
  "strip_html",
  "upcase",
  "squish",
  "base64_encode",
  "json",
  "sha256",
  'split: ","',
  'replace: "x", "yy"',
  "truncate: 10",
]

/** Filters LiquidJS did not count against its memory limit (or counted only after splitting): the reported blow-up. */
const UNCOUNTED = /^(url_encode|url_decode|cgi_escape|uri_escape|slugify|replace)\b/

const doublingThenFilter: HostileCase[] = STRING_FILTERS.map((filter) => ({
  name: `capture doubles 2^24 × 8 characters, then | ${filter}`,
  template: doubledByCapture("'x,<b>\n'", 24, `{{ s | ${filter} | size }}`),
  expect: "refused",
  reason: BUILT,
  validateRefuses: true,
  today: UNCOUNTED.test(filter),
}))

/** A string grows through the filter itself, applied in a loop. */
const GROWING: Array<[string, string, string]> = [
  ["append", '"xxxxxxxx"', "s | append: s"],
  ["prepend", '"xxxxxxxx"', "s | prepend: s"],
  ["replace (doubles every x)", '"xxxxxxxx"', 's | replace: "x", "xx"'],
  ["json (escapes its own quotes)", '"\\""', "s | json"],
  ["base64_encode", '"xxxxxxxx"', "s | base64_encode | append: s"],
  ["escape (& → &amp;)", '"&&&&&&&&"', "s | escape | append: s"],
  ["cgi_escape + url_decode", '"+ + + +"', "s | cgi_escape | append: s"],
  ["split + join", '"x,x,x,x"', 's | split: "" | join: s'],
  ["concat (a list)", '"x"', "s | concat: s"],
]

const growingThroughFilters: HostileCase[] = GROWING.map(([name, seed, step]) => ({
  name: `string grows through ${name} in a loop`,
  template: `{% assign s = ${seed} %}{% for i in (1..40) %}{% assign s = ${step} %}{% endfor %}{{ s | size }}`,
  expect: "refused",
  reason: ANY_LIMIT,
  validateRefuses: true,
}))

/** A 150,000-character field in the data (a customer's note, a product description) through each filter family. */
const BIG_FIELD = "Ab <i>&'x+y%20z</i>\n".repeat(7_500)

const bigDataThroughFilter: HostileCase[] = STRING_FILTERS.map((filter) => ({
  name: `a 150,000-character field from the data | ${filter}`,
  template: `{{ NOTE | ${filter} | size }}`,
  variables: { NOTE: BIG_FIELD },
  expect: "refused",
  reason: BUILT,
}))

function nestedIfs(depth: number, open = "{%if a%}", close = "{%endif%}"): string {
  return `${open.repeat(depth)}x${close.repeat(depth)}`
}

export const HOSTILE_CASES: HostileCase[] = [
  ...doublingThenFilter,
  ...growingThroughFilters,
  ...bigDataThroughFilter,
  {
    name: "a 2^16-character string split into single characters and sorted",
    template: doubledByCapture("x", 16, '{{ s | split: "" | sort_natural | join | size }}'),
    expect: "refused",
    reason: BUILT,
    validateRefuses: true,
  },
  {
    name: "join with a 64k separator amplifies a 1,000-item list",
    template: doubledByCapture(
      "xxxxxxxx",
      13,
      '{% assign parts = (1..1000) | join: "," | split: "," %}{{ parts | join: s | size }}'
    ),
    expect: "refused",
    reason: BUILT,
    validateRefuses: true,
  },
  {
    name: "replace amplification: 4,096 matches × a 4,096-character replacement",
    template: doubledByCapture("x", 12, '{{ s | replace: "x", s | size }}'),
    expect: "refused",
    reason: BUILT,
    validateRefuses: true,
  },
  {
    name: "strftime padding to a billion characters",
    template: '{{ "2024-01-01" | date: "%999999999d" | size }}',
    expect: "refused",
    reason: new RegExp(`${BUILT.source}|${RANGE.source}`),
    validateRefuses: true,
  },
  {
    name: "a 64k string printed 100,000 times",
    template: doubledByCapture("xxxxxxxx", 13, "{% for i in (1..100000) %}{{ s }}{% endfor %}"),
    expect: "refused",
    reason: BUILT,
    validateRefuses: true,
  },
  {
    name: "nested ranges that print: 1,000 × 1,000 × 1,000",
    template:
      "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
    expect: "refused",
    // 20,000 iterations reach the output limit; on a very busy machine the deadline may come first.
    reason: new RegExp(`${OUTPUT.source}|${TIME.source}`),
    validateRefuses: true,
  },
  {
    name: "nested ranges that print nothing: 900 × 900 × 900",
    template:
      "{% for a in (1..900) %}{% for b in (1..900) %}{% for c in (1..900) %}{% endfor %}{% endfor %}{% endfor %}",
    expect: "refused",
    reason: new RegExp(`${TIME.source}|${RANGE.source}`),
    validateRefuses: true,
  },
  {
    name: "a range of 100 million items",
    template: "{% for i in (1..100000000) %}x{% endfor %}",
    expect: "refused",
    reason: RANGE,
    validateRefuses: true,
  },
  {
    name: "a range of a million items printed",
    template: "{{ (1..999999) }}",
    expect: "refused",
    reason: BUILT,
    validateRefuses: true,
  },
  {
    name: "nested loops over data",
    template: "{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}{% endfor %}",
    variables: { items: Array.from({ length: 100 }, (_, i) => i) },
    expect: "refused",
    reason: TIME,
  },
  {
    name: "5,000 nested {% if %} (the old 100,000-character limit allowed them)",
    template: nestedIfs(5000),
    expect: "refused",
    reason: LENGTH,
    validateRefuses: true,
    today: true,
  },
  {
    name: "400 nested {% if %} within the length limit",
    template: nestedIfs(400),
    variables: { a: true },
    expect: "refused",
    reason: DEPTH,
    validateRefuses: true,
  },
  {
    name: "300 nested {% for %} within the length limit",
    template: nestedIfs(300, "{%for a in b%}", "{%endfor%}"),
    variables: { b: [1] },
    expect: "refused",
    reason: DEPTH,
    validateRefuses: true,
  },
  {
    name: "700 nested ifs inside one {% liquid %} tag",
    template: `{% liquid\n${"if a\n".repeat(700)}echo "x"\n${"endif\n".repeat(700)}%}`,
    variables: { a: true },
    expect: "refused",
    reason: DEPTH,
    validateRefuses: true,
  },
  {
    name: "brackets nested 2,600 deep in one output",
    template: `{{ ${"a[".repeat(2600)}0${"]".repeat(2600)} }}`,
    expect: "refused",
    reason: DEPTH,
    validateRefuses: true,
  },
  {
    name: "parentheses nested 2,600 deep in a condition",
    template: `{% if ${"(".repeat(2600)}a${")".repeat(2600)} %}x{% endif %}`,
    expect: "refused",
    reason: DEPTH,
    validateRefuses: true,
  },
  {
    name: "30 nested {% if %} (the limit) still render",
    template: nestedIfs(30),
    variables: { a: true },
    expect: "rendered",
  },
  {
    name: "an ordinary order e-mail with filters renders",
    template:
      "{% assign name = SITE_NAME | upcase %}{% capture head %}{{ name }}: order #ORDER_ID#{% endcapture %}{{ head }}\n" +
      '{% for item in items %}- {{ item.title | escape | truncate: 40 }} × {{ item.quantity }}{% unless forloop.last %}\n{% endunless %}{% endfor %}\n{{ items | map: "title" | join: ", " | slugify }}',
    variables: {
      SITE_NAME: "Demo Shop",
      ORDER_ID: "1042",
      items: Array.from({ length: 50 }, (_, i) => ({ title: `Product <${i}> with a longer name`, quantity: i + 1 })),
    },
    expect: "rendered",
  },
]
