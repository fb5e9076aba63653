import { useTranslation } from "react-i18next"
import { useApi } from "./api"
import type { SalesChannel, Site } from "../../types/messaging"

/** Sales channels as site choices: "" = all channels (the global site). */
export function useSiteOptions() {
  const { t } = useTranslation()
  const { data } = useApi<{ sites: Site[]; sales_channels: SalesChannel[] }>("/sites")
  const channels = data?.sales_channels ?? []
  const options = [
    { value: "", label: t("messaging.common.globalShort") },
    ...channels.map((c) => ({ value: c.id, label: c.name })),
  ]
  const nameOf = (id: string | null | undefined) =>
    id ? (channels.find((c) => c.id === id)?.name ?? id) : t("messaging.common.globalShort")
  return { options, nameOf, channels, sites: data?.sites ?? [] }
}
