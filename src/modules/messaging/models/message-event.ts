import { model } from "@medusajs/framework/utils"

/** One entry of a message's status timeline: a status change or a raw delivery report. */
export const MessagingMessageEvent = model.define("messaging_message_event", {
  id: model.id({ prefix: "mevt" }).primaryKey(),
  message_id: model.text().index(),
  status: model.text(),
  /** The provider's own status word and code, verbatim. */
  raw_status: model.text().nullable(),
  raw_code: model.text().nullable(),
  /** dispatcher | webhook | poll | admin | system */
  source: model.text(),
  note: model.text().nullable(),
  occurred_at: model.dateTime(),
  data: model.json().nullable(),
})
