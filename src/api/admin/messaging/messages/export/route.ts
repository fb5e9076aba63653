import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { csvRow } from "../../helpers/csv"
import { EXPORT_COLUMNS, messageFilters } from "../../helpers/messages"
import { messagingFrom } from "../../helpers/service"
import type { ExportMessagesQueryType } from "../../validators/messages"

const PAGE = 1000
const EXPORT_MAX_ROWS = 100_000

/** GET /admin/messaging/messages/export — the filtered History as CSV (UTF-8 with BOM for spreadsheet programs). */
export async function GET(req: MedusaRequest<unknown, ExportMessagesQueryType>, res: MedusaResponse) {
  const { fields: _f, order: _o, ...input } = req.validatedQuery as ExportMessagesQueryType
  const messaging = messagingFrom(req.scope)
  const filters = messageFilters(input)
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "")
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="messages-${stamp}.csv"`)
  res.write("\ufeff" + csvRow([...EXPORT_COLUMNS]))
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += PAGE) {
    const page = await messaging.listMessagingMessages(filters, {
      skip: offset,
      take: PAGE,
      order: { created_at: "DESC", id: "DESC" },
    })
    for (const m of page as unknown as Record<string, unknown>[]) res.write(csvRow(EXPORT_COLUMNS.map((c) => m[c])))
    if (page.length < PAGE) break
  }
  res.end()
}
