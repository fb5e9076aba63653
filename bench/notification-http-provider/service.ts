/**
 * Bench-only Notification Module provider: the way an SMS provider for Medusa's
 * Notification Module is usually written. `send()` gets ONE notification (that is the
 * interface) and makes ONE HTTP request to BSG's single-message endpoint
 * (POST /sms/create, destination "phone"), awaiting the answer. It uses the same HTTP
 * library as the plugin's adapters (axios) with a keep-alive agent, so the comparison is
 * about the architecture (one request and a notification row per message, no batching),
 * not about a slower client.
 */
import http from "node:http"
import axios, { type AxiosInstance } from "axios"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService } from "@medusajs/framework/utils"

interface Options {
  channels?: string[]
  base_url: string
  api_key: string
  sender?: string
}

export class BenchHttpNotificationProvider extends AbstractNotificationProviderService {
  static identifier = "bench-http"
  private readonly http: AxiosInstance
  private readonly sender: string

  constructor(_deps: unknown, options: Options) {
    super()
    this.sender = options.sender ?? "MyShop"
    this.http = axios.create({
      baseURL: options.base_url,
      timeout: 30_000,
      httpAgent: new http.Agent({ keepAlive: true }),
      headers: { "X-API-KEY": options.api_key, Accept: "application/json" },
    })
  }

  async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const content = (notification.content ?? {}) as { text?: string }
    const data = (notification.data ?? {}) as { reference?: string; text?: string }
    const res = await this.http.post("/sms/create", {
      destination: "phone",
      msisdn: notification.to.replace(/\D+/g, ""),
      originator: this.sender,
      body: content.text ?? data.text ?? "",
      reference: data.reference,
      validity: 72,
      tariff: 0,
    })
    const result = res.data?.result
    if (res.data?.error || !result || Number(result.error) !== 0) {
      throw new Error(`BSG refused the message: ${JSON.stringify(res.data).slice(0, 300)}`)
    }
    return { id: String(result.id) }
  }
}
