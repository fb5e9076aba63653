/** The one `sleep` and `waitFor` of the tests, the bench, the demo and the host scripts. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Poll until `check` returns a truthy value (or throw with `what` after `timeoutMs`). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  everyMs = 100
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`
      )
    }
    await sleep(everyMs)
  }
}
