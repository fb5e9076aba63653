import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChatBubbleLeftRight } from "@medusajs/icons"
import { Heading, Tabs, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router-dom"
import { AuditTab } from "../../../tabs/audit-tab"
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
import { usePermissions } from "../../../lib/permissions"
import { MESSAGING_RESOURCES as R, type MessagingResource } from "../../../../modules/messaging/vocabulary"

type Need = [MessagingResource, string]

/** Each tab and the permissions it needs to be shown (RBAC on; with it off every tab shows). */
const TABS: ReadonlyArray<readonly [string, () => React.JSX.Element | null, Need[]]> = [
  [
    "general",
    GeneralTab,
    [
      [R.settings, "read"],
      [R.account, "read"],
    ],
  ],
  ["sites", SitesTab, [[R.settings, "read"]]],
  ["templates", TemplatesTab, [[R.template, "read"]]],
  ["senders", SendersTab, [[R.account, "read"]]],
  ["staff", StaffTab, [[R.settings, "read"]]],
  ["balance", BalanceTab, [[R.account, "read"]]],
  ["history", HistoryTab, [[R.message, "read"]]],
  ["bulk", BulkTab, [[R.campaign, "read"]]],
  ["optOuts", OptOutsTab, [[R.optOut, "read"]]],
  ["intake", IntakeTab, [[R.intake, "read"]]],
  ["debug", DebugTab, [[R.debugLog, "read"]]],
  ["audit", AuditTab, [[R.audit, "read"]]],
]

/** Settings → Messaging: every part of the plugin a shop owner configures or watches. */
const MessagingSettingsPage = () => {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const { ready, can } = usePermissions()
  const tabs = TABS.filter(([, , needs]) => needs.every(([resource, operation]) => can(resource, operation)))
  const current = tabs.some(([key]) => key === params.get("tab")) ? params.get("tab")! : (tabs[0]?.[0] ?? "")
  return (
    <div className="flex flex-col gap-y-3" data-testid="messaging-settings">
      <div className="px-1">
        <Heading level="h1">{t("messaging.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("messaging.subtitle")}
        </Text>
      </div>
      {ready && !tabs.length && (
        <Text className="text-ui-fg-subtle px-1" data-testid="messaging-no-access">
          {t("messaging.noAccess")}
        </Text>
      )}
      <Tabs value={current} onValueChange={(tab) => setParams({ tab }, { replace: true })}>
        <div className="overflow-x-auto pb-1">
          <Tabs.List className="flex-wrap">
            {tabs.map(([key]) => (
              <Tabs.Trigger key={key} value={key} data-testid={`tab-${key}`}>
                {t(`messaging.tabs.${key}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </div>
        {tabs.map(([key, Tab]) => (
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
