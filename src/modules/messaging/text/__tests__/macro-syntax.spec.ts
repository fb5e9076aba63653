import { escapeTemplateText, lineColumnAt, offsetOfLineColumn, rewriteMacros } from "../macro-syntax"
import { renderTemplateSync } from "../render"

describe("rewriteMacros", () => {
  it("turns #MACRO# into Liquid outputs and lists them", () => {
    const result = rewriteMacros("Order #ORDER_ID# costs #PRICE#")
    expect(result.liquid).toBe("Order {{ORDER_ID}} costs {{PRICE}}")
    expect(result.macros).toEqual([
      { name: "ORDER_ID", offset: 6, length: 10 },
      { name: "PRICE", offset: 23, length: 7 },
    ])
  })

  it("accepts dotted names and digits after the first letter", () => {
    expect(rewriteMacros("#CUSTOMER.ADDRESS.CITY# #A1_B2#").liquid).toBe("{{CUSTOMER.ADDRESS.CITY}} {{A1_B2}}")
  })

  it.each([
    ["order #123", "order #123"],
    ["colour #fff and #FFF", "colour #fff and #FFF"],
    ["# SPACE #", "# SPACE #"],
    ["#lower#", "#lower#"],
    ["#1ABC#", "#1ABC#"],
    ["#A.#", "#A.#"],
    ["#A-B#", "#A-B#"],
    ["##ORDER_ID#", "#{{ORDER_ID}}"],
    ["#A##B#", "{{A}}{{B}}"],
  ])("%s → %s", (source, liquid) => {
    expect(rewriteMacros(source).liquid).toBe(liquid)
  })

  it("skips Liquid tags, outputs and raw blocks", () => {
    const source = '{% if X == "#A#" %}{{ "#B#" }}{% endif %}{% raw %}#C#{% endraw %}#D#'
    expect(rewriteMacros(source).liquid).toBe('{% if X == "#A#" %}{{ "#B#" }}{% endif %}{% raw %}#C#{% endraw %}{{D}}')
  })

  it("maps offsets in the rewritten text back to the admin's text", () => {
    const source = "ab #X# cd #LONGER_NAME# ef"
    const { liquid, toSourceOffset } = rewriteMacros(source)
    for (const marker of ["ab", "cd", "ef"]) {
      expect(toSourceOffset(liquid.indexOf(marker))).toBe(source.indexOf(marker))
    }
    // inside a replacement: the macro's opening #
    expect(toSourceOffset(liquid.indexOf("{{X}}") + 2)).toBe(source.indexOf("#X#"))
    expect(toSourceOffset(liquid.indexOf("LONGER"))).toBe(source.indexOf("#LONGER"))
  })
})

describe("positions", () => {
  it("computes 1-based line and column", () => {
    const text = "ab\ncde\n\nf"
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt(text, 4)).toEqual({ line: 2, column: 2 })
    expect(lineColumnAt(text, 8)).toEqual({ line: 4, column: 1 })
    expect(offsetOfLineColumn(text, 2, 2)).toBe(4)
    expect(offsetOfLineColumn(text, 4, 1)).toBe(8)
  })
})

describe("escapeTemplateText", () => {
  it("makes any text render as itself", () => {
    const text = 'Reply: {{ x }} {% if %} #ORDER_ID# #1 {"json": true} }}'
    expect(renderTemplateSync(escapeTemplateText(text), { ORDER_ID: "SHOULD NOT APPEAR", x: "NOR THIS" })).toBe(text)
  })
})
