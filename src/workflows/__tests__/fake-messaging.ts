/**
 * A container holding a messaging service fake that keeps its rows in memory, for
 * running the workflows without a database. Only what the tested steps call exists.
 */
import { asValue } from "@medusajs/framework/awilix"
import { ContainerRegistrationKeys, createMedusaContainer } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MESSAGING_MODULE } from "../../modules/messaging"
import { SITE_DEFAULTS, type SiteSettings } from "../../modules/messaging/pipeline/site"

export const SITE: SiteSettings = {
  ...SITE_DEFAULTS,
  sales_channel_id: null,
  name: "Test Shop",
  url: null,
  locale: "en",
  email_from: null,
  delivery_mode: "sms",
  sms_sender: null,
  viber_sender: null,
  time_zone: "UTC",
  quiet_hours_enabled: false,
  quiet_hours_start: "21:00",
  quiet_hours_end: "08:00",
  transliterate: false,
  admin_phones: [],
  default_region: "UA",
  omni_fallback_seconds: 0,
  transactional_ignores_opt_out: false,
} as SiteSettings

type Row = Record<string, any> & { id: string }

export function fakeMessaging() {
  let seq = 0
  const tables: Record<string, Map<string, Row>> = {}
  const table = (name: string) => (tables[name] ??= new Map())
  const notFound = (what: string, id: string) =>
    Object.assign(new Error(`${what} with id "${id}" was not found`), { type: "not_found" })
  const calls: Array<[string, ...unknown[]]> = []
  const service: Record<string, any> = {
    calls,
    tables,
    /** Throw from enqueueManualMessages on the n-th call (1-based). */
    failEnqueueAt: 0,
    ensureInstalled: async () => {},
    siteFor: async () => SITE,
    invalidateCaches: () => calls.push(["invalidateCaches"]),
    listMessagingOptOuts: async () => [],
    listMessagingMessages: async () => [],
    enqueueManualMessages: async (input: { recipients: string[]; campaign_id?: string }) => {
      calls.push(["enqueueManualMessages", input.recipients.length])
      if (++service.enqueues === service.failEnqueueAt) throw new Error("database went away")
      const created = input.recipients.map((recipient) => {
        const row = { id: `msg_${++seq}`, recipient, status: "queued", campaign_id: input.campaign_id ?? null }
        table("message").set(row.id, row)
        return row
      })
      return { created, skipped: [] }
    },
    enqueues: 0,
    cancelMessages: async (ids: string[], note?: string) => {
      calls.push(["cancelMessages", ids.length, note])
      for (const id of ids) table("message").get(id)!.status = "canceled"
      return { canceled: ids, not_cancelable: [] }
    },
    cancelCampaign: async (id: string, note?: string) => {
      calls.push(["cancelCampaign", id, note])
      table("campaign").get(id)!.status = "canceled"
      const waiting = [...table("message").values()].filter((m) => m.campaign_id === id && m.status === "queued")
      for (const m of waiting) m.status = "canceled"
      return waiting.length
    },
    pauseCampaign: async (id: string) => {
      calls.push(["pauseCampaign", id])
      table("campaign").get(id)!.status = "paused"
      return 0
    },
    resumeCampaign: async (id: string) => {
      calls.push(["resumeCampaign", id])
      table("campaign").get(id)!.status = "running"
      return 0
    },
    campaignProgress: async (id: string) => {
      const rows = [...table("message").values()].filter((m) => m.campaign_id === id)
      return { progress: { total: rows.length }, next_send_at: null }
    },
  }
  // generated CRUD of the entities the tests use
  for (const [entity, name] of [
    ["MessagingCampaign", "campaign"],
    ["MessagingTemplate", "template"],
    ["MessagingStaffProfile", "staff"],
    ["MessagingOptOut", "opt_out"],
  ] as const) {
    service[`create${entity}s`] = async (data: Record<string, unknown>) => {
      const row = { id: `${name}_${++seq}`, ...data } as Row
      table(name).set(row.id, row)
      return { ...row }
    }
    service[`retrieve${entity}`] = async (id: string) => {
      const row = table(name).get(id)
      if (!row || row.deleted_at) throw notFound(entity, id)
      return { ...row }
    }
    service[`update${entity}s`] = async (data: Row) => {
      calls.push([`update${entity}s`, data])
      const row = table(name).get(data.id)
      if (!row) throw notFound(entity, data.id)
      Object.assign(row, data)
      return { ...row }
    }
    service[`delete${entity}s`] = async (id: string) => {
      calls.push([`delete${entity}s`, id])
      table(name).delete(id)
    }
    service[`list${entity}s`] = async (filter: Record<string, unknown> = {}) =>
      [...table(name).values()]
        .filter((r) => !r.deleted_at && Object.entries(filter).every(([k, v]) => r[k] === v))
        .map((r) => ({ ...r }))
    service[`softDelete${entity}s`] = async (id: string) => {
      table(name).get(id)!.deleted_at = new Date()
    }
    service[`restore${entity}s`] = async (id: string) => {
      table(name).get(id)!.deleted_at = null
    }
  }
  return service
}

export function containerWith(messaging: ReturnType<typeof fakeMessaging>): MedusaContainer {
  const container = createMedusaContainer()
  container.register(MESSAGING_MODULE, asValue(messaging))
  container.register(ContainerRegistrationKeys.QUERY, asValue({ graph: async () => ({ data: [] }) }))
  container.register(ContainerRegistrationKeys.LOGGER, asValue({ info() {}, warn() {}, error() {}, debug() {} }))
  return container
}
