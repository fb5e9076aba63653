import { removeOptOutWorkflow } from "../../../../../workflows/opt-outs"
import { deleteById } from "../../helpers/by-id"

/** DELETE /admin/messaging/opt-outs/:id — the number gets messages again on that channel. */
export const DELETE = deleteById("messaging_opt_out", removeOptOutWorkflow)
