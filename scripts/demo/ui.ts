/** Console output of the demo: progress lines with timings, and the message report. */
import type { Received } from "./fakes"
import type { OutboxRow } from "./outbox"

const tty = process.stdout.isTTY === true && !process.env.NO_COLOR
const paint = (code: string) => (s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s)
export const bold = paint("1")
export const dim = paint("2")
export const green = paint("32")
export const red = paint("31")
export const yellow = paint("33")
export const cyan = paint("36")

export const PREFIX = "[demo]"

/** A progress line waiting for its "ok (1.2 s)". */
let openLine = false

function closeOpenLine() {
  if (openLine) process.stdout.write("\n")
  openLine = false
}

export function say(line = ""): void {
  closeOpenLine()
  process.stdout.write(line === "" ? "\n" : `${PREFIX} ${line}\n`)
}

export function warn(line: string): void {
  closeOpenLine()
  process.stdout.write(`${PREFIX} ${yellow(line)}\n`)
}

export function fail(line: string): void {
  closeOpenLine()
  process.stderr.write(`${PREFIX} ${red(line)}\n`)
}

/** `[demo] title… ` — the rest of the line comes from endLine (if nothing else was printed meanwhile). */
export function beginLine(text: string): void {
  closeOpenLine()
  process.stdout.write(`${PREFIX} ${text} `)
  openLine = true
}

export function endLine(text: string): void {
  if (openLine) process.stdout.write(`${text}\n`)
  else process.stdout.write(`${PREFIX}   ${text}\n`)
  openLine = false
}

/** Write raw text (multi-line blocks), after closing a pending progress line. */
export function write(text: string): void {
  closeOpenLine()
  process.stdout.write(text)
}

export function secs(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)} s`
}

function indentText(text: string, by: string): string {
  return text
    .trimEnd()
    .split(/\r?\n/)
    .map((l) => by + l)
    .join("\n")
}

const CHANNEL_NAMES: Record<string, string> = {
  sms: "SMS",
  viber: "Viber",
  hybrid: "Viber+SMS",
  telegram: "Telegram",
  email: "E-mail",
}

export function formatReceived(list: Received[], startIndex = 1): string {
  return list
    .map((m, i) => {
      const channel = CHANNEL_NAMES[m.channel] ?? m.channel
      const head = `  ${startIndex + i}. ${bold(channel)} to ${bold(m.to)} from ${bold(JSON.stringify(m.sender))}  ${dim(`(fake ${m.provider})`)}`
      const subject = m.subject !== undefined ? `\n${indentText(`Subject: ${m.subject}`, "     ")}` : ""
      return `${head}${subject}\n${indentText(m.text || "(empty)", "     │ ")}`
    })
    .join("\n")
}

export function formatOutbox(rows: OutboxRow[]): string {
  if (!rows.length) return dim("  (the plugin's outbox table messaging_message is empty)")
  const counts = new Map<string, number>()
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1)
  const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(", ")
  const lines = rows.slice(0, 20).map((r) => {
    const what = [r.event_name, r.template_code].filter(Boolean).join(" / ")
    const err = r.error ? `  ${red(r.error)}` : ""
    return `  - ${r.channel} to ${r.recipient}: ${r.status}${r.provider_type ? ` via ${r.provider_type}` : ""}${what ? dim(`  [${what}]`) : ""}${err}`
  })
  if (rows.length > 20) lines.push(`  … and ${rows.length - 20} more`)
  return `  ${dim("the plugin's outbox (messaging_message):")} ${rows.length} message(s), ${summary}\n${lines.join("\n")}`
}
