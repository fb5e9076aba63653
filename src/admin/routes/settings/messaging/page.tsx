import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Heading, Tabs, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router-dom"
import { BalanceTab } from "../../../tabs/balance-tab"
import { BulkTab } from "../../../tabs/bulk-tab"
import { DebugTab } from "../../../tabs/debug-tab"
import { GeneralTab } from "../../../tabs/general-tab"
import { HistoryTab } from "../../../tabs/history-tab"
import { IntakeTab } from "../../../tabs/intake-tab"
import { OptOutsTab } from "../../../tabs/opt-outs-tab"
import { SendersTab } from "../../../tabs/senders-tab"
import { SitesTab } from "../../../tabs/sites-tab"
import { StaffTab } from "../../../tabs/staff-tab"
import { TemplatesTab } from "../../../tabs/templates-tab"

const TABS = [
  ["general", GeneralTab],
  ["sites", SitesTab],
  ["templates", TemplatesTab],
  ["senders", SendersTab],
  ["staff", StaffTab],
  ["balance", BalanceTab],
  ["history", HistoryTab],
  ["bulk", BulkTab],
  ["optOuts", OptOutsTab],
  ["intake", IntakeTab],
  ["debug", DebugTab],
] as const

/** Settings → Messaging: every part of the plugin a shop owner configures or watches. */
const MessagingSettingsPage = () => {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const current = TABS.some(([key]) => key === params.get("tab")) ? params.get("tab")! : "general"
  return (
    <div className="flex flex-col gap-y-3" data-testid="messaging-settings">
      <div className="px-1">
        <Heading level="h1">{t("messaging.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("messaging.subtitle")}
        </Text>
      </div>
      <Tabs value={current} onValueChange={(tab) => setParams({ tab }, { replace: true })}>
        <div className="overflow-x-auto pb-1">
          <Tabs.List className="flex-wrap">
            {TABS.map(([key]) => (
              <Tabs.Trigger key={key} value={key} data-testid={`tab-${key}`}>
                {t(`messaging.tabs.${key}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </div>
        {TABS.map(([key, Tab]) => (
          <Tabs.Content key={key} value={key}>
            {current === key && (
              <div className="mt-3 flex flex-col gap-y-3">
                <Tab />
              </div>
            )}
          </Tabs.Content>
        ))}
      </Tabs>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "messaging.title",
  translationNs: "translation",
  icon: ChatBubbleLeftRight,
})

export default MessagingSettingsPage
