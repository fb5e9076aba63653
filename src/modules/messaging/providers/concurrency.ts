/** Bounded concurrency and waiting, shared by the adapters that send a batch as several requests. */

/** Run `fn` over `items` with at most `limit` in flight; results keep input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  })
  await Promise.all(workers)
  return results
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Look each item up (at most `limit` at a time) and keep what was found. A lookup that
 * throws is left out, unless every one of them threw: then the provider or the account
 * is down, and the caller sees the first error.
 */
export async function lookUpEach<T, R>(
  items: readonly T[],
  limit: number,
  lookUp: (item: T) => Promise<R | null>
): Promise<R[]> {
  const errors: unknown[] = []
  const found = await mapWithConcurrency(items, limit, async (item) => {
    try {
      return await lookUp(item)
    } catch (err) {
      errors.push(err)
      return null
    }
  })
  if (items.length > 0 && errors.length === items.length) throw errors[0]
  return found.filter((r) => r !== null) as R[]
}
