/**
 * A website posts a lead: POST /hooks/intake/:collector with the collector's secret
 * (`Authorization: Bearer <secret>`, or `X-Intake-Signature: sha256=<HMAC of the body>`).
 * JSON in UTF-8, or Windows-1251 with `charset=windows-1251`. 201 with the lead id;
 * 400 naming every bad field (nothing stored); 401 for a wrong secret or unknown collector.
 */
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyCollectorRequest } from "../../../../modules/intake/auth"
import { httpConfig } from "../../../../modules/intake/collector-config"
import { declaredCharset, readLeadPayload } from "../../../../modules/intake/payload"
import { createLeadWorkflow } from "../../../../workflows/intake/create-lead"
import { BodyTooLarge, httpCollectorOf, readRawBody } from "../helpers"

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const collector = await httpCollectorOf(req, req.params.collector)
  const config = httpConfig(collector?.config)
  let body: Buffer
  try {
    body = await readRawBody(req, config.max_bytes)
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e
    res.status(413).json({ message: "payload too large", errors: [{ field: "$", message: e.message }] })
    return
  }
  if (!collector || !verifyCollectorRequest(config.auth, collector.secrets?.secret, req.headers, body)) {
    res.status(401).json({ message: "unknown collector or wrong secret" })
    return
  }
  const charset = declaredCharset(req.headers["content-type"]) ?? "utf-8"
  const read = readLeadPayload(body, { charset, maxBytes: config.max_bytes })
  if (read.errors.length) {
    res.status(400).json({ message: "invalid lead", errors: read.errors })
    return
  }
  const { result } = await createLeadWorkflow(req.scope).run({
    input: {
      collector: {
        id: collector.id,
        type: "http",
        sales_channel_id: collector.sales_channel_id,
        region_id: collector.region_id,
        assignee_user_id: collector.assignee_user_id,
        assignee_group: collector.assignee_group,
      },
      payload: read,
    },
  })
  res.status(201).json({ lead_id: result.id, encoding: read.encoding })
}
