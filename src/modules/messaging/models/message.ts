import { model } from "@medusajs/framework/utils"
import { AUDIENCES, CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_STATUSES } from "../types"

/**
 * The outbox and the history in one table. A row is written before any network call;
 * the dispatcher claims due rows with FOR UPDATE SKIP LOCKED. Our id is the provider's
 * idempotency reference.
 */
export const MessagingMessage = model
  .define("messaging_message", {
    id: model.id({ prefix: "msg" }).primaryKey(),
    direction: model.enum([...MESSAGE_DIRECTIONS]).default("outbound"),
    channel: model.enum([...CHANNELS]),
    /** E.164 phone, Telegram chat id or e-mail address. */
    recipient: model.text().searchable(),
    audience: model.enum([...AUDIENCES]).nullable(),
    subject: model.text().nullable(),
    body: model.text().searchable(),
    sender: model.text().nullable(),
    encoding: model.text().nullable(),
    segments: model.number().nullable(),
    sales_channel_id: model.text().index().nullable(),
    event_name: model.text().index().nullable(),
    template_code: model.text().nullable(),
    order_id: model.text().index().nullable(),
    customer_id: model.text().index().nullable(),
    resource_type: model.text().nullable(),
    resource_id: model.text().nullable(),
    campaign_id: model.text().index().nullable(),
    /** event + resource + template + recipient + channel; a duplicate gets no second row. */
    idempotency_key: model.text().nullable(),
    status: model.enum([...MESSAGE_STATUSES]).default("queued"),
    /** Why a message is skipped/failed/undelivered, readable. */
    error: model.text().nullable(),
    error_code: model.text().nullable(),
    critical: model.boolean().default(false),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    claimed_at: model.dateTime().nullable(),
    claimed_by: model.text().nullable(),
    /**
     * The claim's lease (database clock): renewed while its requests are in flight; only a
     * row whose lease has run out is recovered by another worker.
     */
    lease_expires_at: model.dateTime().nullable(),
    /** The last attempt may have reached the provider: look it up by reference before sending again. */
    maybe_accepted: model.boolean().default(false),
    provider_account_id: model.text().nullable(),
    provider_type: model.text().nullable(),
    provider_message_id: model.text().index().nullable(),
    cost: model.float().nullable(),
    currency: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
    /** Last time a delivery status was polled or reported. */
    status_checked_at: model.dateTime().nullable(),
    delivered_at: model.dateTime().nullable(),
    /** Omni without native fallback: when to send the SMS if Viber has not delivered. */
    fallback_at: model.dateTime().nullable(),
    /** The Viber message an SMS fallback was sent for. */
    parent_id: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    {
      name: "IDX_messaging_message_idempotency_key_unique",
      on: ["idempotency_key"],
      unique: true,
      where: "idempotency_key IS NOT NULL",
    },
    {
      name: "IDX_messaging_message_due",
      on: ["status", "next_attempt_at"],
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_messaging_message_created_at",
      on: ["created_at"],
    },
  ])
