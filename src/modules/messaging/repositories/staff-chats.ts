/**
 * Telegram turned a staff group into a supergroup (`migrate_to_chat_id`): the provider
 * already resent the message to the new chat; here the new id is saved on every staff
 * profile that had the old one, later messages waiting for the old id are pointed at
 * the new one, and the message's timeline says so.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { type MessageRow, insertTimeline, MESSAGE_TABLE } from "./messages"

const STAFF_TABLE = "messaging_staff_profile"

export async function saveMigratedChat(
  knex: Knex,
  message: Pick<MessageRow, "id" | "recipient" | "channel">,
  chatId: string
): Promise<string[]> {
  const from = message.recipient
  if (message.channel !== "telegram" || !chatId || from === chatId) return []
  const now = new Date()
  const profiles: { id: string; name: string }[] = await knex(STAFF_TABLE)
    .whereNull("deleted_at")
    .where({ telegram_chat_id: from })
    .update({ telegram_chat_id: chatId, updated_at: now })
    .returning(["id", "name"])
  await knex(MESSAGE_TABLE)
    .whereNull("deleted_at")
    .where({ channel: "telegram", recipient: from })
    .whereIn("status", ["queued", "deferred"])
    .update({ recipient: chatId, updated_at: now })
  const names = profiles.map((p) => `"${p.name}"`).join(", ")
  await insertTimeline(knex, [
    {
      message_id: message.id,
      status: "sent",
      source: "system",
      raw_status: "migrate_to_chat_id",
      note: profiles.length
        ? `Telegram group ${from} became supergroup ${chatId}; the new chat id is saved on staff profile ${names}`
        : `Telegram group ${from} became supergroup ${chatId}; no staff profile had the old id`,
      occurred_at: now,
      data: { from, to: chatId, staff_profile_ids: profiles.map((p) => p.id) },
    },
  ])
  return profiles.map((p) => p.id)
}
