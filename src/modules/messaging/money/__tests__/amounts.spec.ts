import { toAmount } from "../amounts"

describe("amounts", () => {
  it.each([
    [19.99, 19.99],
    ["19.99", 19.99],
    [" 7 ", 7],
    [{ numeric: 19.99 }, 19.99],
    [{ value: "19.99" }, 19.99],
    [{ raw: { value: "5.5", precision: 20 } }, 5.5],
    ["abc", null],
    ["", null],
    [null, null],
    [Number.NaN, null],
    [{}, null],
  ])("toAmount(%p) = %p", (input, expected) => {
    expect(toAmount(input)).toBe(expected)
  })
})
