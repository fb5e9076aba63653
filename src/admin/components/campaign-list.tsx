import { Badge, Button, Text, toast } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { Campaign } from "../../types/messaging"
import { errorText, useApi, useApiMutation } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { DataTable, createDataTableColumnHelper } from "./data-table"
import { EmptyState } from "./empty-state"
import { Section } from "./section"

const DONE = ["sent", "delivered", "read", "undelivered", "failed", "skipped", "canceled"]

const col = createDataTableColumnHelper<Campaign>()
const STATUS_COLOR: Record<string, "blue" | "green" | "orange"> = {
  running: "blue",
  completed: "green",
  paused: "orange",
}

function CampaignActions({ c }: { c: Campaign }) {
  const { t } = useTranslation()
  const pause = useApiMutation(`/campaigns/${c.id}/pause`)
  const resume = useApiMutation(`/campaigns/${c.id}/resume`)
  const cancel = useApiMutation(`/campaigns/${c.id}/cancel`)
  const act = (m: typeof pause) => m.mutateAsync({}).catch((e) => toast.error(errorText(e)))
  return (
    <div className="flex justify-end gap-1">
      {(c.status === "running" || c.status === "enqueuing") && (
        <Button size="small" variant="secondary" onClick={() => act(pause)} isLoading={pause.isPending}>
          {t("messaging.bulk.pause")}
        </Button>
      )}
      {c.status === "paused" && (
        <Button size="small" variant="secondary" onClick={() => act(resume)} isLoading={resume.isPending}>
          {t("messaging.bulk.resume")}
        </Button>
      )}
      {!["completed", "canceled"].includes(c.status) && (
        <Button size="small" variant="transparent" onClick={() => act(cancel)} isLoading={cancel.isPending}>
          {t("messaging.common.cancel")}
        </Button>
      )}
    </div>
  )
}

function CampaignProgress({ c }: { c: Campaign }) {
  const { t, i18n } = useTranslation()
  const total = c.progress.total || c.total || 0
  const done = DONE.reduce((s, k) => s + (c.progress[k] ?? 0), 0)
  const pct = total ? Math.round((done / total) * 100) : 0
  return (
    <div className="flex min-w-[240px] flex-col gap-y-1 whitespace-normal py-2">
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="bg-ui-tag-green-icon h-full" style={{ width: `${pct}%` }} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("messaging.bulk.progress", {
          pct,
          done,
          total,
          sent: (c.progress.sent ?? 0) + (c.progress.delivered ?? 0) + (c.progress.read ?? 0),
          waiting: (c.progress.queued ?? 0) + (c.progress.deferred ?? 0),
          skipped: c.progress.skipped ?? 0,
          failed: (c.progress.failed ?? 0) + (c.progress.undelivered ?? 0),
        })}
        {c.status === "running" && c.next_send_at && new Date(c.next_send_at).getTime() - Date.now() > 60_000 && (
          <> · {t("messaging.bulk.nextAt", { time: formatDateTime(c.next_send_at, i18n.language) })}</>
        )}
      </Text>
    </div>
  )
}

/** The latest campaigns, polled every 3 s while one is running or still being enqueued. */
export function useCampaigns() {
  return useApi<{ campaigns: Campaign[] }>(
    "/campaigns",
    { limit: 20 },
    {
      refetchInterval: (q) =>
        q.state.data?.campaigns.some((c) => ["running", "enqueuing"].includes(c.status)) ? 3000 : false,
    }
  )
}

/** The campaigns section of the bulk tab: name and status, progress, pause / resume / cancel. */
export function CampaignList({ campaigns }: { campaigns: ReturnType<typeof useCampaigns> }) {
  const { t, i18n } = useTranslation()
  const columns = [
    col.accessor("name", {
      header: t("messaging.bulk.name"),
      cell: ({ row: { original: c } }) => (
        <div className="flex flex-col">
          <div className="flex items-center gap-2">
            <Text size="small" weight="plus" className="max-w-[240px] truncate">
              {c.name}
            </Text>
            <Badge size="2xsmall" color={STATUS_COLOR[c.status] ?? "grey"}>
              {t(`messaging.bulk.status.${c.status}`, { defaultValue: c.status })}
            </Badge>
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {formatDateTime(c.started_at ?? c.created_at, i18n.language)}
          </Text>
        </div>
      ),
    }),
    col.display({
      id: "progress",
      header: t("messaging.bulk.progressTitle"),
      cell: ({ row }) => <CampaignProgress c={row.original} />,
    }),
    col.display({
      id: "actions",
      header: t("messaging.common.actions"),
      cell: ({ row }) => <CampaignActions c={row.original} />,
    }),
  ]

  return (
    <Section title={t("messaging.bulk.campaigns")} flush testId="campaigns-section">
      <DataTable
        rows={campaigns.data?.campaigns ?? []}
        columns={columns}
        isLoading={campaigns.isLoading}
        empty={<EmptyState title={t("messaging.bulk.empty")} description={t("messaging.bulk.emptyHint")} />}
        testId="campaigns-table"
      />
    </Section>
  )
}
