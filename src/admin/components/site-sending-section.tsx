import { IconButton, Switch, Text, Textarea } from "@medusajs/ui"
import { ArrowDownMini, ArrowUpMini } from "@medusajs/icons"
import { useTranslation } from "react-i18next"
import { useApi } from "../lib/api"
import type { EventInfo, Site } from "../../types/messaging"
import { useEventLabel } from "../lib/use-event-label"
import { Field } from "./field"
import { Caption, Toggle } from "./toggle"
import { PHONE_SOURCES } from "../../modules/messaging/vocabulary"

/** What a site sends and to which number: on/off, events, phone sources, consent keywords. */
export interface SendingForm {
  enabled: boolean
  disabled_events: string[]
  /** All three sources in the site's order; `used` = in phone_sources. */
  sources: { source: string; used: boolean }[]
  phone_fallback: boolean
  ua_trunk_prefix: boolean
  optout_keywords: string
  optin_keywords: string
}

export function sendingFormFor(site: Site): SendingForm {
  const order = site.phone_sources?.length ? site.phone_sources : [...PHONE_SOURCES]
  return {
    enabled: site.enabled,
    disabled_events: site.disabled_events ?? [],
    sources: [...order, ...PHONE_SOURCES.filter((s) => !order.includes(s))].map((source) => ({
      source,
      used: order.includes(source),
    })),
    phone_fallback: site.phone_fallback ?? true,
    ua_trunk_prefix: site.ua_trunk_prefix ?? true,
    optout_keywords: (site.optout_keywords ?? []).join(", "),
    optin_keywords: (site.optin_keywords ?? []).join(", "),
  }
}

const words = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter(Boolean)

export function sendingBody(form: SendingForm) {
  return {
    enabled: form.enabled,
    disabled_events: form.disabled_events,
    phone_sources: form.sources.filter((s) => s.used).map((s) => s.source),
    phone_fallback: form.phone_fallback,
    ua_trunk_prefix: form.ua_trunk_prefix,
    optout_keywords: words(form.optout_keywords),
    optin_keywords: words(form.optin_keywords),
  }
}

export function SiteSendingSection({
  value,
  onChange,
  isGlobal,
}: {
  value: SendingForm
  onChange: (v: SendingForm) => void
  isGlobal: boolean
}) {
  const { t } = useTranslation()
  const events = useApi<{ events: EventInfo[] }>("/events")
  const eventLabel = useEventLabel(events.data?.events)
  const set = (patch: Partial<SendingForm>) => onChange({ ...value, ...patch })
  const shopEvents = (events.data?.events ?? []).filter((e) => e.event !== "manual" && e.event !== "campaign")
  const move = (i: number, by: number) => {
    const sources = [...value.sources]
    const j = i + by
    if (j < 0 || j >= sources.length) return
    ;[sources[i], sources[j]] = [sources[j], sources[i]]
    set({ sources })
  }

  return (
    <>
      <div className="flex flex-col gap-y-2 rounded-lg border p-3">
        <Toggle
          checked={value.enabled}
          onChange={(enabled) => set({ enabled })}
          label={t("messaging.sites.siteOn")}
          hint={isGlobal ? t("messaging.sites.siteOnGlobalHint") : t("messaging.sites.siteOnHint")}
          testId="site-enabled"
        />
        {value.enabled && (
          <div className="flex flex-col gap-y-1" data-testid="site-events">
            <Caption title={t("messaging.sites.events")} hint={t("messaging.sites.eventsHint")} />
            {shopEvents.map((e) => (
              <label key={e.event} className="flex items-center gap-2">
                <Switch
                  data-testid={`site-event-${e.event}`}
                  checked={!value.disabled_events.includes(e.event)}
                  onCheckedChange={(on) =>
                    set({
                      disabled_events: on
                        ? value.disabled_events.filter((x) => x !== e.event)
                        : [...value.disabled_events, e.event],
                    })
                  }
                />
                <Text size="small">{eventLabel(e.event)}</Text>
              </label>
            ))}
          </div>
        )}
      </div>
      <div className="flex flex-col gap-y-2 rounded-lg border p-3" data-testid="site-phone-sources">
        <Caption title={t("messaging.sites.phoneSources")} hint={t("messaging.sites.phoneSourcesHint")} />
        {value.sources.map((s, i) => (
          <div key={s.source} className="flex items-center gap-2">
            <Switch
              data-testid={`site-phone-source-${s.source}`}
              checked={s.used}
              onCheckedChange={(used) =>
                set({ sources: value.sources.map((x) => (x.source === s.source ? { ...x, used } : x)) })
              }
            />
            <Text size="small" className="flex-1">
              {i + 1}. {t(`messaging.sites.phoneSource.${s.source}`)}
            </Text>
            <IconButton
              size="small"
              variant="transparent"
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={t("messaging.sites.moveUp")}
            >
              <ArrowUpMini />
            </IconButton>
            <IconButton
              size="small"
              variant="transparent"
              disabled={i === value.sources.length - 1}
              onClick={() => move(i, 1)}
              aria-label={t("messaging.sites.moveDown")}
            >
              <ArrowDownMini />
            </IconButton>
          </div>
        ))}
        <Toggle
          checked={value.phone_fallback}
          onChange={(phone_fallback) => set({ phone_fallback })}
          label={t("messaging.sites.phoneFallback")}
          hint={t("messaging.sites.phoneFallbackHint")}
        />
        <Toggle
          checked={value.ua_trunk_prefix}
          onChange={(ua_trunk_prefix) => set({ ua_trunk_prefix })}
          label={t("messaging.sites.uaTrunk")}
          hint={t("messaging.sites.uaTrunkHint")}
        />
      </div>
      <div className="flex flex-col gap-y-2 rounded-lg border p-3">
        <Caption title={t("messaging.sites.keywords")} hint={t("messaging.sites.keywordsHint")} />
        <Field label={t("messaging.sites.optOutKeywords")} htmlFor="site-optout-keywords">
          <Textarea
            id="site-optout-keywords"
            data-testid="site-optout-keywords"
            rows={2}
            value={value.optout_keywords}
            onChange={(e) => set({ optout_keywords: e.target.value })}
          />
        </Field>
        <Field label={t("messaging.sites.optInKeywords")} htmlFor="site-optin-keywords">
          <Textarea
            id="site-optin-keywords"
            data-testid="site-optin-keywords"
            rows={2}
            value={value.optin_keywords}
            onChange={(e) => set({ optin_keywords: e.target.value })}
          />
        </Field>
      </div>
    </>
  )
}
