import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { measureText } from "../../helpers/text"
import type { CountTextBody } from "../../validators/templates"

/** POST /admin/messaging/text/count — characters, encoding, SMS parts and what transliteration would save. */
export async function POST(req: MedusaRequest<CountTextBody>, res: MedusaResponse) {
  res.json({ counter: measureText(req.validatedBody.text) })
}
