import { Badge, Button, Container, Heading, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { SiteDrawer } from "../components/site-drawer"
import { errorText, useApi, useApiMutation } from "../lib/api"
import type { SalesChannel, Site } from "../../types/messaging"

function Summary({ site }: { site: Site }) {
  const { t } = useTranslation()
  const items = [
    [t("messaging.sites.siteOn"), site.enabled ? t("messaging.common.on") : t("messaging.common.off")],
    ...(site.enabled && site.disabled_events?.length
      ? [[t("messaging.sites.eventsOff"), String(site.disabled_events.length)]]
      : []),
    [t("messaging.sites.deliveryMode"), t(`messaging.channel.${site.delivery_mode}`)],
    [t("messaging.sites.smsSender"), site.sms_sender || "—"],
    [t("messaging.sites.viberSender"), site.viber_sender || "—"],
    [
      t("messaging.sites.quietHours"),
      site.quiet_hours_enabled
        ? `${site.quiet_hours_start}–${site.quiet_hours_end} (${site.time_zone})`
        : t("messaging.common.off"),
    ],
    [t("messaging.sites.transliterate"), site.transliterate ? t("messaging.common.on") : t("messaging.common.off")],
    [t("messaging.sites.adminPhones"), site.admin_phones.length ? site.admin_phones.join(", ") : "—"],
    [t("messaging.sites.region"), site.default_region ?? "—"],
    [t("messaging.sites.locale"), site.locale],
  ]
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt>
            <Text size="small" className="text-ui-fg-subtle">
              {k}
            </Text>
          </dt>
          <dd className="min-w-0">
            <Text size="small" className="break-words">
              {v}
            </Text>
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** One card per sales channel and one for the global default. */
export function SitesTab() {
  const { t } = useTranslation()
  const prompt = usePrompt()
  const { data, isLoading } = useApi<{ sites: Site[]; sales_channels: SalesChannel[] }>("/sites")
  const [editing, setEditing] = useState<{ site: Site; title: string } | null>(null)
  const create = useApiMutation<{ sales_channel_id: string }, { site: Site }>("/sites")
  const remove = useApiMutation<{ id: string }>((b) => `/sites/${b.id}`, "DELETE")
  if (isLoading || !data) return <Text size="small">{t("messaging.common.loading")}</Text>
  const global = data.sites.find((s) => !s.sales_channel_id)!

  const customize = async (channel: SalesChannel) => {
    try {
      const { site } = await create.mutateAsync({ sales_channel_id: channel.id })
      setEditing({ site, title: channel.name })
    } catch (e) {
      toast.error(errorText(e))
    }
  }
  const reset = async (site: Site, channel: SalesChannel) => {
    const ok = await prompt({
      title: t("messaging.sites.useDefaultConfirm", { name: channel.name }),
      description: t("messaging.sites.useDefaultText"),
      confirmText: t("messaging.sites.useDefault"),
      cancelText: t("messaging.common.cancel"),
    })
    if (!ok) return
    await remove.mutateAsync({ id: site.id }).catch((e) => toast.error(errorText(e)))
  }

  return (
    <>
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <Container className="flex flex-col gap-y-3" data-testid="site-card-global">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <Heading level="h2">{t("messaging.common.global")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">
                {t("messaging.sites.globalHint")}
              </Text>
            </div>
            <Button
              size="small"
              variant="secondary"
              onClick={() => setEditing({ site: global, title: t("messaging.common.global") })}
            >
              {t("messaging.common.edit")}
            </Button>
          </div>
          <Text size="small" weight="plus">
            {global.name}
          </Text>
          <Summary site={global} />
        </Container>
        {data.sales_channels.map((channel) => {
          const own = data.sites.find((s) => s.sales_channel_id === channel.id)
          return (
            <Container key={channel.id} className="flex flex-col gap-y-3" data-testid="site-card">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <div className="flex items-center gap-2">
                    <Heading level="h2" className="truncate">
                      {channel.name}
                    </Heading>
                    {own ? (
                      <Badge size="2xsmall" color="blue">
                        {t("messaging.sites.own")}
                      </Badge>
                    ) : (
                      <Badge size="2xsmall">{t("messaging.sites.inherits")}</Badge>
                    )}
                    {own && !own.enabled && (
                      <Badge size="2xsmall" color="red" data-testid="site-off-badge">
                        {t("messaging.sites.off")}
                      </Badge>
                    )}
                  </div>
                  <Text size="small" className="text-ui-fg-subtle">
                    {own ? t("messaging.sites.ownHint") : t("messaging.sites.inheritsHint")}
                  </Text>
                </div>
                <div className="flex gap-1">
                  {own ? (
                    <>
                      <Button
                        size="small"
                        variant="secondary"
                        onClick={() => setEditing({ site: own, title: channel.name })}
                      >
                        {t("messaging.common.edit")}
                      </Button>
                      <Button size="small" variant="transparent" onClick={() => reset(own, channel)}>
                        {t("messaging.sites.useDefault")}
                      </Button>
                    </>
                  ) : (
                    <Button
                      size="small"
                      variant="secondary"
                      isLoading={create.isPending}
                      onClick={() => customize(channel)}
                    >
                      {t("messaging.sites.customize")}
                    </Button>
                  )}
                </div>
              </div>
              {own && <Summary site={own} />}
            </Container>
          )
        })}
      </div>
      <SiteDrawer site={editing?.site ?? null} title={editing?.title ?? ""} onClose={() => setEditing(null)} />
    </>
  )
}
