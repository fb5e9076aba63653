import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ruleMacroPrefixes } from "../../helpers/rules"
import { checkTemplate, measureText } from "../../helpers/text"
import type { ValidateTemplateBody } from "../../validators/templates"

/**
 * POST /admin/messaging/templates/validate — problems with line and column (unknown
 * macros, Liquid syntax, empty result) and the counter of the raw text.
 */
export async function POST(req: MedusaRequest<ValidateTemplateBody>, res: MedusaResponse) {
  const { body, event_name, audience, locale, entity } = req.validatedBody
  const extra = entity ? ruleMacroPrefixes(entity) : undefined
  res.json({ validation: checkTemplate(body, event_name, audience, locale, extra), counter: measureText(body) })
}
