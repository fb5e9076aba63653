import type { IDmlEntity, InferTypeOf } from "@medusajs/framework/types"
import type { MessagingMessage } from "./message"
import type { MessagingProviderAccount } from "./provider-account"

/**
 * A model's row as the server reads it (knex or the generated CRUD). InferTypeOf also
 * lists a `raw_<name>` twin of every number column, which only bigNumber columns have.
 */
export type ModelRow<M extends IDmlEntity<any, any>> = Omit<InferTypeOf<M>, `raw_${string}`>

/** A message row as stored (the outbox and the history). */
export type MessageRow = ModelRow<typeof MessagingMessage>

/** A provider account row as stored, credentials unmasked: never sent to the admin as it is. */
export type AccountRow = ModelRow<typeof MessagingProviderAccount>
