import type { IDmlEntity, InferTypeOf } from "@medusajs/framework/types"

/**
 * A model's row as the server reads it (knex or the generated CRUD). InferTypeOf also
 * lists a `raw_<name>` twin of every number column, which only bigNumber columns have.
 */
export type ModelRow<M extends IDmlEntity<any, any>> = Omit<InferTypeOf<M>, `raw_${string}`>
