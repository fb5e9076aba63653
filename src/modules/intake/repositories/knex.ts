import type { Context } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"

/** The knex handle of the shared context: the open transaction when there is one. */
export function knexOf(ctx: Context): Knex {
  const em = (ctx.transactionManager ?? ctx.manager) as SqlEntityManager | undefined
  if (!em) throw new Error("intake: no entity manager in context (decorate the method with @InjectManager)")
  const trx = em.getTransactionContext() as Knex.Transaction | undefined
  return (trx ?? em.getKnex()) as Knex
}
