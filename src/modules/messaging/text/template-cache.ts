import * as crypto from "crypto"

/** SHA-1 (hex) of a template body: the cache key of compiled templates. */
export function contentHash(body: string): string {
  const hash = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash
  if (typeof hash === "function") return hash("sha1", body, "hex")
  return crypto.createHash("sha1").update(body).digest("hex")
}

/** Counters of a {@link LruCache}. */
export interface LruStats {
  size: number
  capacity: number
  hits: number
  misses: number
  evictions: number
}

/** A small least-recently-used map (a `Map` keeps insertion order: re-insert on hit). */
export class LruCache<V> {
  private readonly entries = new Map<string, V>()
  private hits = 0
  private misses = 0
  private evictions = 0

  constructor(private capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("LRU capacity must be a positive integer")
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key)
    if (value === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    if (this.entries.size > 1) {
      this.entries.delete(key)
      this.entries.set(key, value)
    }
    return value
  }

  set(key: string, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, value)
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
      this.evictions++
    }
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  clear(capacity = this.capacity): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("LRU capacity must be a positive integer")
    this.capacity = capacity
    this.entries.clear()
    this.hits = this.misses = this.evictions = 0
  }

  stats(): LruStats {
    return {
      size: this.entries.size,
      capacity: this.capacity,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    }
  }
}
