import type { LoaderOptions } from "@medusajs/framework/types"
import { parsePluginOptions } from "../options"

/** Stop start-up with a message naming every bad plugin option. */
export default async function validateOptionsLoader({ options }: LoaderOptions<Record<string, unknown>>) {
  parsePluginOptions(options)
}
