/** The `/:id` GET and DELETE every collection of the admin API answers the same way. */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { messagingFrom, type Messaging } from "./service"

/** GET /…/:id answering `{ [key]: row }`; an unknown id is a 404 from the retrieve. */
export function getById(key: string, retrieve: (messaging: Messaging, id: string) => Promise<unknown>) {
  return async (req: MedusaRequest, res: MedusaResponse) => {
    res.json({ [key]: await retrieve(messagingFrom(req.scope), req.params.id) })
  }
}

/** A workflow that takes a row's id and answers the deleted row's id. */
type DeleteWorkflow = (container: MedusaContainer) => {
  run: (args: { input: string }) => Promise<{ result: { id: string } }>
}

/** DELETE /…/:id through a delete workflow, answering `{ id, object, deleted: true }`. */
export function deleteById(object: string, workflow: DeleteWorkflow) {
  return async (req: MedusaRequest, res: MedusaResponse) => {
    const { result } = await workflow(req.scope).run({ input: req.params.id })
    res.json({ id: result.id, object, deleted: true })
  }
}
