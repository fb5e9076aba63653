import { offsetOf, pageOf } from "../paging"

describe("data table paging", () => {
  it("maps an offset to the page it falls on", () => {
    expect(pageOf(0, 25)).toEqual({ pageIndex: 0, pageSize: 25 })
    expect(pageOf(25, 25)).toEqual({ pageIndex: 1, pageSize: 25 })
    expect(pageOf(60, 25)).toEqual({ pageIndex: 2, pageSize: 25 })
  })

  it("maps a page back to its offset", () => {
    expect(offsetOf({ pageIndex: 0, pageSize: 50 })).toBe(0)
    expect(offsetOf({ pageIndex: 3, pageSize: 50 })).toBe(150)
    expect(offsetOf(pageOf(75, 25))).toBe(75)
  })

  it("never goes below the first page or divides by zero", () => {
    expect(pageOf(-10, 25)).toEqual({ pageIndex: 0, pageSize: 25 })
    expect(pageOf(10, 0)).toEqual({ pageIndex: 10, pageSize: 1 })
    expect(offsetOf({ pageIndex: -1, pageSize: 25 })).toBe(0)
  })
})
