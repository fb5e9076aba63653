import { choosePhone, orderPhoneCandidates } from "../phone-sources"

const candidates = [
  { source: "shipping" as const, phone: "0441234567", country: "UA" }, // a Kyiv landline: no SMS
  { source: "billing" as const, phone: "0501112233", country: "UA" },
  { source: "customer" as const, phone: "0671234567", country: "UA" },
]
const mobile = (c: { phone?: string | null }) => !String(c.phone).startsWith("044")

describe("phone sources", () => {
  it("orders the candidates as the site lists the sources and drops the sources it does not list", () => {
    expect(orderPhoneCandidates(candidates, ["customer", "shipping"]).map((c) => c.source)).toEqual([
      "customer",
      "shipping",
    ])
  })

  it("a candidate without a source (a rule's own phone) comes first and is always used", () => {
    const out = orderPhoneCandidates([{ phone: "+380931112233" }, ...candidates], ["billing"])
    expect(out.map((c) => c.phone)).toEqual(["+380931112233", "0501112233"])
  })

  it("with fallback, the first usable number in the site's order", () => {
    expect(
      choosePhone(candidates, { phone_sources: ["shipping", "billing", "customer"], phone_fallback: true }, mobile)
        .phone
    ).toBe("0501112233")
    expect(choosePhone(candidates, { phone_sources: ["customer", "billing"], phone_fallback: true }, mobile)).toEqual({
      phone: "0671234567",
      country: "UA",
      source: "customer",
    })
  })

  it("without fallback, the first number found is used even when it cannot take SMS", () => {
    expect(
      choosePhone(candidates, { phone_sources: ["shipping", "billing", "customer"], phone_fallback: false }, mobile)
        .phone
    ).toBe("0441234567")
    // an empty source is not a number found: the next source is read
    const noShipping = [{ ...candidates[0], phone: "  " }, ...candidates.slice(1)]
    expect(
      choosePhone(noShipping, { phone_sources: ["shipping", "billing"], phone_fallback: false }, mobile).phone
    ).toBe("0501112233")
  })

  it("nothing usable: the first number found, so the row says why it was skipped", () => {
    expect(
      choosePhone(candidates.slice(0, 1), { phone_sources: ["shipping"], phone_fallback: true }, mobile).phone
    ).toBe("0441234567")
    expect(choosePhone([], { phone_sources: ["shipping"], phone_fallback: true }, mobile)).toEqual({
      phone: null,
      country: null,
      source: null,
    })
  })
})
