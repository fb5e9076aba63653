/** Shared by the intake specs and the bench: the seed's sample payload and posting it to a collector. */
import { readFileSync } from "node:fs"
import path from "node:path"
import type { AxiosInstance } from "axios"
import iconv from "iconv-lite"
import { hmacSignature } from "../../src/modules/intake/auth"

/** The seed's v0.1 sample (UTF-8 in the repository). */
export const SEED_PAYLOAD_TEXT = readFileSync(path.join(__dirname, "../fixtures/intake/seed-v0.1.json"), "utf8")
export const SEED_PAYLOAD = JSON.parse(SEED_PAYLOAD_TEXT) as Record<string, any>

export const toCp1251 = (text: string): Buffer => iconv.encode(text, "win1251")

export interface PostLeadOptions {
  bearer?: string
  hmac?: string
  charset?: string | null
  contentType?: string
}

/** POST raw bytes to /hooks/intake/:id; 4xx come back as answers. */
export async function postLead(api: AxiosInstance, collectorId: string, body: Buffer, opts: PostLeadOptions = {}) {
  const headers: Record<string, string> = {
    "content-type": opts.contentType ?? `application/json${opts.charset ? `; charset=${opts.charset}` : ""}`,
  }
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`
  if (opts.hmac) headers["x-intake-signature"] = hmacSignature(opts.hmac, body)
  const res = await api.post(`/hooks/intake/${collectorId}`, body, {
    headers,
    transformRequest: [(d) => d],
    validateStatus: () => true,
  })
  return { status: res.status, data: res.data }
}
