/**
 * Every key the admin screens use exists in English, Russian and Ukrainian, with the same
 * {{placeholders}}.
 */
import fs from "node:fs"
import path from "node:path"
import { SUPPORTED_EVENTS } from "../../../modules/messaging/events/catalogue"
import {
  AUDIENCES,
  CHANNELS,
  LOCALES,
  MESSAGE_STATUSES,
  PHONE_SOURCES,
  SENDER_STATUSES,
} from "../../../modules/messaging/vocabulary"
import { en } from "../en"
import { ru } from "../ru"
import { uk } from "../uk"

const ADMIN = path.resolve(__dirname, "../..")

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === "__tests__" ? [] : sources(p)
    return /\.tsx?$/.test(e.name) ? [p] : []
  })
}

/** Keys built from data (`messaging.status.${status}` …) and the values they take. */
const DYNAMIC: Record<string, string[]> = {
  "messaging.accounts": ["healthy", "unhealthy"],
  "messaging.status": [...MESSAGE_STATUSES],
  "messaging.channel": [...CHANNELS],
  "messaging.audience": [...AUDIENCES],
  "messaging.locale": [...LOCALES],
  "messaging.tabs": [
    "general",
    "sites",
    "templates",
    "senders",
    "staff",
    "balance",
    "history",
    "bulk",
    "optOuts",
    "debug",
  ],
  "messaging.bulk.audience": ["list", "customer_group", "orders"],
  "messaging.bulk.status": ["draft", "enqueuing", "running", "paused", "completed", "canceled"],
  "messaging.senders.statuses": [...SENDER_STATUSES],
  "messaging.message.source": ["dispatcher", "webhook", "poll", "admin", "system"],
  "messaging.optOuts.sources": ["admin", "inbound_keyword", "provider", "api"],
  "messaging.send.phoneSource": ["shipping_address", "billing_address", "customer"],
  "messaging.sites.phoneSource": [...PHONE_SOURCES],
  "messaging.accounts.inbound": ["webhook", "poll", "none"],
  // the shop events and the campaign pseudo-event (CAMPAIGN_EVENT in api/admin/messaging/helpers/campaigns.ts)
  "messaging.events": [...SUPPORTED_EVENTS, "campaign"],
}

const get = (o: unknown, key: string) => key.split(".").reduce<any>((a, p) => (a == null ? a : a[p]), o)
const leaves = (o: object, prefix = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)))
const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort().join(",")

describe("admin translations", () => {
  const used = new Set<string>()
  for (const file of sources(ADMIN)) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/\bt\("(messaging\.[A-Za-z0-9_.-]+)"/g)) used.add(m[1])
  }
  for (const [prefix, values] of Object.entries(DYNAMIC)) for (const v of values) used.add(`${prefix}.${v}`)

  it("finds the keys the screens use", () => {
    expect(used.size).toBeGreaterThan(300)
  })

  it.each([
    ["en", en],
    ["ru", ru],
    ["uk", uk],
  ])("%s has every key", (_lang, dict) => {
    expect([...used].filter((k) => typeof get(dict, k) !== "string")).toEqual([])
  })

  it.each([
    ["ru", ru],
    ["uk", uk],
  ])("%s keeps the English placeholders", (_lang, dict) => {
    expect(leaves(en).filter((k) => placeholders(get(en, k)) !== placeholders(get(dict, k)))).toEqual([])
  })
})
