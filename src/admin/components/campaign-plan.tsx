import { Container, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { CampaignPlan as Plan } from "../../types/messaging"
import { formatDateTime, formatMoney } from "../lib/format"

/** A campaign's dry run: recipients and why the others were left out, SMS parts and cost, the night it waits out. */
export function CampaignPlan({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation()
  return (
    <Container className="bg-ui-bg-subtle mt-4 flex flex-col gap-y-1" data-testid="bulk-plan">
      <Text size="small" weight="plus">
        {t("messaging.bulk.planRecipients", { count: plan.recipients })}
      </Text>
      <Text size="small">
        {t("messaging.bulk.planDetails", {
          found: plan.found,
          invalid: plan.invalid + plan.missing_phone,
          duplicates: plan.duplicates,
          opted_out: plan.opted_out,
        })}
      </Text>
      <Text size="small">
        {t("messaging.bulk.planParts", { parts: plan.estimated_parts, per: plan.parts_per_message })}{" "}
        {plan.estimated_cost !== null
          ? t("messaging.bulk.planCost", { cost: formatMoney(plan.estimated_cost, plan.currency, i18n.language) })
          : t("messaging.bulk.planNoCost")}
      </Text>
      {plan.quiet_hours.enabled && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="bulk-plan-quiet">
          {t(plan.quiet_hours.source === "marketing" ? "messaging.bulk.planNight" : "messaging.bulk.planQuiet", {
            start: plan.quiet_hours.start,
            end: plan.quiet_hours.end,
            tz: plan.quiet_hours.time_zone,
          })}
        </Text>
      )}
      {plan.quiet_hours.waits_until && (
        <Text size="small" weight="plus" className="text-ui-fg-interactive" data-testid="bulk-plan-waits">
          {t("messaging.bulk.planWaits", {
            tz: plan.quiet_hours.time_zone,
            time: formatDateTime(plan.quiet_hours.waits_until, i18n.language),
          })}
        </Text>
      )}
      <Text size="xsmall" className="text-ui-fg-subtle whitespace-pre-wrap break-words">
        {plan.text}
      </Text>
    </Container>
  )
}
