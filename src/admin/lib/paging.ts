/** Offset/limit paging (what the API takes) ↔ page index/size (what the data table shows). */

export interface PageState {
  pageIndex: number
  pageSize: number
}

/** The page an offset falls on. */
export function pageOf(offset: number, limit: number): PageState {
  const size = Math.max(1, Math.floor(limit))
  return { pageIndex: Math.max(0, Math.floor(offset / size)), pageSize: size }
}

/** The offset a page starts at. */
export function offsetOf(page: PageState): number {
  return Math.max(0, page.pageIndex) * Math.max(1, page.pageSize)
}
