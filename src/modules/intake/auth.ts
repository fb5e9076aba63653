import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/** How a website proves it may post to an HTTP collector. */
export type HttpAuth = "bearer" | "hmac"

/** The header carrying the HMAC: `sha256=<hex of HMAC-SHA256(secret, raw body)>`. */
export const SIGNATURE_HEADER = "x-intake-signature"

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function hmacSignature(secret: string, body: Uint8Array): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex")
}

/**
 * Checks a request against the collector's secret. Bearer: `Authorization: Bearer <secret>`.
 * HMAC: the signature header over the raw bytes as received (before any charset decoding).
 */
export function verifyCollectorRequest(
  auth: HttpAuth,
  secret: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Uint8Array
): boolean {
  if (!secret) return false
  const header = (name: string) => {
    const v = headers[name]
    return (Array.isArray(v) ? v[0] : v) ?? ""
  }
  if (auth === "bearer") {
    const m = /^Bearer\s+(.+)$/i.exec(header("authorization"))
    return !!m && sameText(m[1].trim(), secret)
  }
  const sent = header(SIGNATURE_HEADER).trim().toLowerCase()
  return sent !== "" && sameText(sent, hmacSignature(secret, rawBody))
}

/** A new collector secret: 32 random bytes, URL-safe. */
export function newCollectorSecret(): string {
  return randomBytes(32).toString("base64url")
}

/** Secrets as the admin API shows them: which are set, never their value. */
export function maskSecrets(secrets: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(secrets ?? {})) if (v) out[k] = "••••••••"
  return out
}
