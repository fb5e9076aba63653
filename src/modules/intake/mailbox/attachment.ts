/**
 * Which part of a mail is the lead: exactly one text attachment of any name (the body is
 * ignored). No attachment, two of them, or one over the size limit is a parse error of the lead.
 */
export interface MailAttachment {
  filename?: string | null
  contentType?: string | null
  size?: number
  content: Buffer
  contentDisposition?: string | null
}

export type PickedAttachment = { ok: true; bytes: Buffer; filename: string | null } | { ok: false; error: string }

const TEXT_TYPES = /^(text\/|application\/(json|octet-stream|x-json))/i

/** Attachments that can be the payload: text, JSON or untyped bytes; inline images and signatures are not. */
export function isPayloadCandidate(a: MailAttachment): boolean {
  const type = (a.contentType ?? "application/octet-stream").toLowerCase()
  if (type === "application/pgp-signature" || type === "application/pkcs7-signature") return false
  return TEXT_TYPES.test(type) || /\.(txt|json)$/i.test(a.filename ?? "")
}

export function pickPayloadAttachment(attachments: MailAttachment[], maxBytes: number): PickedAttachment {
  const candidates = attachments.filter(isPayloadCandidate)
  if (!candidates.length) {
    return { ok: false, error: attachments.length ? "no text attachment" : "the mail has no attachment" }
  }
  if (candidates.length > 1) {
    const names = candidates.map((a) => a.filename ?? "(unnamed)").join(", ")
    return { ok: false, error: `${candidates.length} text attachments (${names}): a lead mail carries exactly one` }
  }
  const [a] = candidates
  const size = a.content.length
  if (size > maxBytes)
    return {
      ok: false,
      error: `attachment ${a.filename ?? ""} is ${size} bytes, over the limit of ${maxBytes}`.replace("  ", " "),
    }
  return { ok: true, bytes: a.content, filename: a.filename ?? null }
}

/** The subject carries the keyword ("ORDER: 123"), in any case. */
export function subjectMatches(subject: string | null | undefined, keyword: string): boolean {
  return (subject ?? "").toUpperCase().includes(keyword.toUpperCase())
}
