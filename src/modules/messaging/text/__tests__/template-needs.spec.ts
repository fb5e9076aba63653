import { DEFAULT_TEMPLATES } from "../default-templates"
import { readsItemTotals } from "../template-needs"

describe("readsItemTotals", () => {
  it("sees line-item totals however the loop variable is named", () => {
    for (const source of [
      "{% for item in items %}{{ item.total }}{% endfor %}",
      "{% for line in items %}{{ line.total_amount | times: 2 }}{% endfor %}",
      "{{ items.first.total }}",
      "{{ items[0] . total }}",
      '{{ items | map: "total" | join: ", " }}',
      "{% assign t = items | map: 'total_amount' %}",
    ])
      expect([source, readsItemTotals(source)]).toEqual([source, true])
  })

  it("does not mistake the order total, the word, or other fields for them", () => {
    for (const source of [
      "Total: #PRICE#",
      "Order total #PRICE#",
      "{{ item.unit_price }} x {{ item.quantity }}",
      "{{ item.totally }}",
      "#ORDER_LIST#",
      "",
      null,
      undefined,
    ])
      expect([source, readsItemTotals(source)]).toEqual([source, false])
  })

  it("of the defaults, only the staff e-mails read them", () => {
    const reading = DEFAULT_TEMPLATES.filter((t) => readsItemTotals(t.body) || readsItemTotals(t.subject))
    expect(reading.length).toBeGreaterThan(0)
    expect(reading.every((t) => t.audience === "staff" && t.channel === "email")).toBe(true)
  })
})
