/** Checks a manual message's recipient for its channel. */
import type { Channel } from "../../../../modules/messaging/types"
import { TELEGRAM_CHAT_ID } from "../validators/templates"
import { EMAIL_PATTERN } from "../validators/common"
import { invalidField } from "./errors"
import { requirePhone } from "./phones"

export const PHONE_CHANNELS: readonly Channel[] = ["sms", "viber", "omni"]

/** E.164 for phone channels (parsed with the region), the chat id or e-mail otherwise; 400 naming `field`. */
export function recipientFor(field: string, channel: Channel, raw: string, region?: string | null): string {
  const value = raw.trim()
  if (PHONE_CHANNELS.includes(channel)) return requirePhone(field, value, region)
  if (channel === "telegram") {
    if (!TELEGRAM_CHAT_ID.test(value))
      throw invalidField(field, "is not a Telegram chat id (digits, -100… for groups and channels, or @channel)")
    return value
  }
  if (!EMAIL_PATTERN.test(value)) throw invalidField(field, "is not an e-mail address")
  return value
}
