import { Badge, Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { BarChart } from "../components/bar-chart"
import { EmptyState } from "../components/empty-state"
import { Section } from "../components/section"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime, formatMoney } from "../lib/format"
import type { Balance, DayStat } from "../../types/messaging"

/** Balance, currency and credit limit per account; the cost of messages per day. */
export function BalanceTab() {
  const { t, i18n } = useTranslation()
  const { data } = useApi<{ balances: Balance[]; low_balance_threshold: number | null }>("/balances")
  const stats = useApi<{ days: DayStat[]; totals: { cost: number; total: number } }>("/stats")
  const refresh = useApiMutation<Record<string, never>, { balances: Balance[] }>("/balances/refresh")
  const balances = data?.balances ?? []
  const currency = balances.find((b) => b.currency)?.currency ?? null
  const doRefresh = async () => {
    try {
      await refresh.mutateAsync({})
      toast.success(t("messaging.balance.refreshed"))
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  return (
    <>
      <Section
        title={t("messaging.balance.title")}
        description={t("messaging.balance.description")}
        actions={
          <Button
            size="small"
            variant="secondary"
            onClick={doRefresh}
            isLoading={refresh.isPending}
            disabled={!balances.some((b) => b.supported)}
            data-testid="balance-refresh"
          >
            {t("messaging.common.refresh")}
          </Button>
        }
        testId="balance-section"
      >
        {balances.length === 0 ? (
          <EmptyState title={t("messaging.accounts.empty")} description={t("messaging.accounts.emptyHint")} />
        ) : (
          <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
            {balances.map((b) => {
              const low =
                data?.low_balance_threshold !== null &&
                data?.low_balance_threshold !== undefined &&
                b.amount !== null &&
                b.amount < data.low_balance_threshold
              return (
                <Container key={b.id} className="flex flex-col gap-y-1" data-testid="balance-card">
                  <div className="flex items-center justify-between gap-2">
                    <Text size="small" weight="plus" className="truncate">
                      {b.name}
                    </Text>
                    {low && (
                      <Badge size="2xsmall" color="red">
                        {t("messaging.balance.low")}
                      </Badge>
                    )}
                  </div>
                  {b.supported ? (
                    <>
                      <Heading level="h2">
                        {b.amount === null ? "—" : formatMoney(b.amount, b.currency, i18n.language)}
                      </Heading>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {t("messaging.balance.creditLimit", {
                          limit: b.credit_limit === null ? "—" : formatMoney(b.credit_limit, b.currency, i18n.language),
                        })}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-muted">
                        {b.checked_at
                          ? t("messaging.balance.checkedAt", { at: formatDateTime(b.checked_at, i18n.language) })
                          : t("messaging.balance.never")}
                      </Text>
                    </>
                  ) : (
                    <Text size="small" className="text-ui-fg-subtle">
                      {t("messaging.balance.unsupported")}
                    </Text>
                  )}
                  {b.last_error && (
                    <Text size="xsmall" className="text-ui-fg-error break-words">
                      {b.last_error}
                    </Text>
                  )}
                </Container>
              )
            })}
          </div>
        )}
      </Section>
      <Section
        title={t("messaging.balance.costTitle")}
        description={t("messaging.balance.costDescription", {
          total: formatMoney(stats.data?.totals.cost ?? 0, currency, i18n.language),
        })}
        testId="cost-chart"
      >
        <BarChart
          testId="cost-bars"
          empty={t("messaging.balance.noCost")}
          bars={(stats.data?.days ?? []).map((d) => ({
            key: d.day,
            label: d.day,
            value: d.cost,
            tooltip: t("messaging.balance.costTooltip", {
              day: d.day,
              cost: formatMoney(d.cost, currency, i18n.language),
              count: d.total,
            }),
          }))}
        />
      </Section>
    </>
  )
}
