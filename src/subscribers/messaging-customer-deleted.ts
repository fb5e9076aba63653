import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { MESSAGING_MODULE } from "../modules/messaging"
import type MessagingModuleService from "../modules/messaging/service"

/**
 * A customer was deleted: anonymize their messages, the inbound texts from their numbers
 * and the notes on those numbers' opt-outs. The customer is soft-deleted, so their phones
 * (account and addresses) can still be read.
 */
export default async function messagingCustomerDeleted({ event, container }: SubscriberArgs<{ id: string }>) {
  const id = event.data?.id
  if (!id) return
  const customers = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id }, { withDeleted: true, relations: ["addresses"] })
    .catch(() => [])
  const phones = customers
    .flatMap((c) => [c.phone, ...(c.addresses ?? []).map((a) => a.phone)])
    .filter((p): p is string => !!p)
  const result = await container.resolve<MessagingModuleService>(MESSAGING_MODULE).anonymizeCustomer(id, phones)
  container
    .resolve("logger")
    .info(
      `messaging: customer ${id} deleted: ${result.messages} message(s) anonymized, ${result.opt_out_notes} opt-out note(s) removed`
    )
}

export const config: SubscriberConfig = {
  event: "customer.deleted",
  context: { subscriberId: "messaging-customer-deleted" },
}
