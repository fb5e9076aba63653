/** What the intake route (`[collector]/route.ts`) needs: the raw body and the collector it names. */
import type { MedusaRequest } from "@medusajs/framework/http"
import { INTAKE_MODULE } from "../../../modules/intake"
import type IntakeModuleService from "../../../modules/intake/service"
import type { LeadCollectorRef } from "../../../workflows/intake/create-lead"

export class BodyTooLarge extends Error {}

/**
 * The request body as bytes (the route runs without Medusa's body parser: its JSON parser
 * would refuse `charset=windows-1251`). Stops reading past `max` bytes.
 */
export function readRawBody(req: MedusaRequest, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.removeAllListeners("data")
        req.resume()
        reject(new BodyTooLarge(`${size}+ bytes, over the limit of ${max}`))
      } else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

export type HttpCollector = LeadCollectorRef & { config: Record<string, unknown>; secrets: Record<string, any> }

/** An enabled HTTP collector by id, or null (unknown, disabled, or a mailbox). */
export async function httpCollectorOf(req: MedusaRequest, id: string): Promise<HttpCollector | null> {
  const intake = req.scope.resolve<IntakeModuleService>(INTAKE_MODULE)
  const [row] = await intake.listIntakeCollectors({ id, type: "http", enabled: true }, { take: 1 })
  return (row as unknown as HttpCollector) ?? null
}
