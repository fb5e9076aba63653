/**
 * Building blocks of the admin route schemas. Zod's format/refine errors do not carry the
 * field name in Medusa's 400 message, so every such check names its field itself.
 */
import { z } from "@medusajs/framework/zod"
import { isValidTimeZone } from "../../../../modules/messaging/schedule/quiet-hours"

export const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/

export const id = () => z.string().min(1).max(100)

export const email = (field: string) =>
  z
    .string()
    .trim()
    .max(254)
    .refine((v) => EMAIL_PATTERN.test(v), { error: `Field '${field}' must be an e-mail address` })

export const httpUrl = (field: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine(
      (v) => {
        try {
          const u = new URL(v)
          return u.protocol === "http:" || u.protocol === "https:"
        } catch {
          return false
        }
      },
      { error: `Field '${field}' must be an absolute http(s) URL` }
    )

export const timeZone = (field: string) =>
  z
    .string()
    .refine((v) => isValidTimeZone(v), { error: `Field '${field}' is not an IANA time zone (e.g. Europe/Kyiv)` })

export const timeOfDay = (field: string) =>
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `Field '${field}' must be a time HH:MM (24-hour)` })

export const locale = (field: string) =>
  z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: `Field '${field}' must be a locale like en, ru, uk or uk-UA` })

export const region = (field: string) =>
  z.string().regex(/^[A-Z]{2}$/, { error: `Field '${field}' must be an ISO 3166 alpha-2 country code like UA` })

/** A phone as typed by a person: digits with + ( ) - . and spaces. Normalized later with the site's region. */
export const phoneInput = (field: string) =>
  z
    .string()
    .trim()
    .max(32)
    .regex(/^\+?[\d\s().-]{3,31}$/, { error: `Field '${field}' is not a phone number` })

/** Event names: `order.placed`, `order-edit.requested`, `my_module.thing_done`. */
export const eventName = (field: string) =>
  z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/i, { error: `Field '${field}' must be an event name like order.placed` })

/** `true`/`false` in a query string. */
export const queryBoolean = z.enum(["true", "false"]).transform((v) => v === "true")

/** A query value given once, comma-separated or repeated, as a list. */
export const queryList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(50))

export const pagination = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  fields: z.string().optional(),
  order: z.string().optional(),
}

export const dateRange = {
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
}

export const IdsBody = z.object({ ids: z.array(id()).min(1).max(500) })
export type IdsBodyType = z.infer<typeof IdsBody>
