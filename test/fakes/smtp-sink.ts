/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that stores what it receives.
 *
 *  - optional AUTH (user/password; PLAIN/LOGIN over the plain connection)
 *  - `rejectRecipients`: RCPT TO answered 550 "Mailbox unavailable"
 *  - mode "ok" | "tempfail" (451 on RCPT TO) | "down" (listener closed: connection refused)
 *    | "stall" (the mail is received and stored, the final answer to DATA never comes:
 *    the relay has it, the client cannot know)
 *  - minimal MIME parsing of the DATA stream: From/To/Subject/Message-ID headers
 *    (RFC 2047 encoded words), text/plain and text/html parts with
 *    quoted-printable/base64 decoding
 *  - waitForMail(predicate, timeoutMs)
 */
import { SMTPServer } from "smtp-server"
import type { AddressInfo } from "node:net"

export interface SinkMail {
  envelope: { from: string | null; to: string[] }
  from: string
  to: string
  subject: string
  messageId: string
  headers: Record<string, string>
  text: string
  html: string | null
  raw: string
  /** User that authenticated, when AUTH was used. */
  user: string | null
  receivedAt: Date
}

export type SinkMode = "ok" | "tempfail" | "down" | "stall"

export interface SmtpSinkOptions {
  port?: number
  /** Require AUTH with these credentials. */
  user?: string
  password?: string
  rejectRecipients?: string[]
  verbose?: boolean
}

export interface SmtpSink {
  readonly host: string
  readonly port: number
  readonly mails: SinkMail[]
  readonly mode: SinkMode
  rejectRecipients: Set<string>
  /** Failed AUTH attempts. */
  readonly authFailures: number
  setMode(mode: SinkMode): Promise<void>
  waitForMail(predicate?: (m: SinkMail) => boolean, timeoutMs?: number): Promise<SinkMail>
  stop(): Promise<void>
  start(): Promise<void>
  reset(): void
  close(): Promise<void>
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const mails: SinkMail[] = []
  const waiters: { predicate: (m: SinkMail) => boolean; resolve: (m: SinkMail) => void }[] = []
  const rejectRecipients = new Set((opts.rejectRecipients ?? []).map((a) => a.toLowerCase()))
  let mode: SinkMode = "ok"
  let port = opts.port ?? 0
  let server: SMTPServer | null = null
  let authFailures = 0
  const requireAuth = Boolean(opts.user)
  const log = (...args: unknown[]) => {
    if (opts.verbose) console.log("[smtp-sink]", ...args)
  }

  const deliver = (mail: SinkMail) => {
    mails.push(mail)
    for (const w of [...waiters]) {
      if (w.predicate(mail)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(mail)
      }
    }
  }

  const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode })

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = new SMTPServer({
        secure: false,
        logger: false,
        disabledCommands: requireAuth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
        authOptional: !requireAuth,
        allowInsecureAuth: true,
        closeTimeout: 50,
        onAuth(auth, _session, cb) {
          if (auth.username === opts.user && auth.password === opts.password) return cb(null, { user: auth.username })
          authFailures++
          return cb(smtpError("Invalid username or password", 535))
        },
        onRcptTo(address, _session, cb) {
          if (mode === "tempfail") return cb(smtpError("Requested action aborted: try again later", 451))
          if (rejectRecipients.has(address.address.toLowerCase()))
            return cb(smtpError(`Mailbox unavailable: ${address.address}`, 550))
          cb()
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = []
          stream.on("data", (c: Buffer) => chunks.push(c))
          stream.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8")
            const parsed = parseMail(raw)
            const mail: SinkMail = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              ...parsed,
              raw,
              user: typeof session.user === "string" ? session.user : null,
              receivedAt: new Date(),
            }
            log("mail", mail.envelope, mail.subject)
            deliver(mail)
            if (mode === "stall") return // stored; the answer never comes
            cb(null, "OK: queued as fake")
          })
        },
      })
      s.on("error", (err) => log("server error", err))
      s.server.once("error", reject)
      s.listen(port, "127.0.0.1", () => {
        port = (s.server.address() as AddressInfo).port
        server = s
        resolve()
      })
    })

  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server
      server = null
      if (!s) return resolve()
      s.close(() => resolve())
    })

  await listen()

  return {
    host: "127.0.0.1",
    get port() {
      return port
    },
    mails,
    get mode() {
      return mode
    },
    rejectRecipients,
    get authFailures() {
      return authFailures
    },
    async setMode(next: SinkMode) {
      if (next === "down") await stop()
      else if (!server) await listen()
      mode = next
    },
    waitForMail(predicate = () => true, timeoutMs = 5000) {
      const found = mails.find(predicate)
      if (found) return Promise.resolve(found)
      return new Promise<SinkMail>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: SinkMail) => {
            clearTimeout(timer)
            resolve(m)
          },
        }
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1)
          reject(new Error(`smtp-sink: no matching mail within ${timeoutMs} ms (${mails.length} received)`))
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    stop: async () => {
      await stop()
      mode = "down"
    },
    start: async () => {
      if (!server) await listen()
      mode = "ok"
    },
    reset() {
      mails.length = 0
      authFailures = 0
      if (server) mode = "ok"
    },
    close: stop,
  }
}

// ───────────────────────── minimal MIME parsing ─────────────────────────

function splitHeaderBody(raw: string): { headers: Record<string, string>; body: string } {
  const idx = raw.search(/\r?\n\r?\n/)
  const head = idx === -1 ? raw : raw.slice(0, idx)
  const body = idx === -1 ? "" : raw.slice(idx).replace(/^\r?\n\r?\n/, "")
  const headers: Record<string, string> = {}
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ")
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([^:\s]+):\s*(.*)$/.exec(line)
    if (m) headers[m[1].toLowerCase()] = m[2]
  }
  return { headers, body }
}

function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g,
    (_all, _charset, enc: string, text: string) => {
      if (enc.toUpperCase() === "B") return Buffer.from(text, "base64").toString("utf8")
      const bytes = text
        .replace(/_/g, " ")
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
      return Buffer.from(bytes, "latin1").toString("utf8")
    }
  )
}

function decodeBody(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? "7bit").toLowerCase()
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
  if (enc === "quoted-printable") {
    const soft = body.replace(/=\r?\n/g, "")
    const bytes = soft.replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    return Buffer.from(bytes, "latin1").toString("utf8")
  }
  return body
}

function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? "")
  return m ? m[1] : null
}

function collectParts(
  headers: Record<string, string>,
  body: string,
  out: { text: string | null; html: string | null }
) {
  const type = (headers["content-type"] ?? "text/plain").toLowerCase()
  if (type.startsWith("multipart/")) {
    const boundary = boundaryOf(headers["content-type"])
    if (!boundary) return
    const sections = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?\\s*`))
    for (const section of sections) {
      if (!section.trim()) continue
      const part = splitHeaderBody(section)
      collectParts(part.headers, part.body, out)
    }
    return
  }
  const decoded = decodeBody(body, headers["content-transfer-encoding"]).replace(/\r\n/g, "\n").replace(/\n$/, "")
  if (type.startsWith("text/html") && out.html === null) out.html = decoded
  else if (type.startsWith("text/plain") && out.text === null) out.text = decoded
}

function parseMail(raw: string): Omit<SinkMail, "envelope" | "raw" | "user" | "receivedAt"> {
  const { headers, body } = splitHeaderBody(raw)
  const parts = { text: null as string | null, html: null as string | null }
  collectParts(headers, body, parts)
  return {
    from: decodeWords(headers.from ?? ""),
    to: decodeWords(headers.to ?? ""),
    subject: decodeWords(headers.subject ?? ""),
    messageId: headers["message-id"] ?? "",
    headers,
    text: parts.text ?? "",
    html: parts.html,
  }
}
