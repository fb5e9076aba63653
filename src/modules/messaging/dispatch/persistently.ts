/** Run a database write, trying again a few times (about 8 s in all) if it fails. */
export async function persistently<T>(fn: () => Promise<T>, delays = [250, 500, 1000, 2000, 4000]): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (i >= delays.length) throw e
      await new Promise((r) => setTimeout(r, delays[i]))
    }
  }
}
