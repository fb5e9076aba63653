import { SITE_DEFAULTS, type SiteSettings } from "../site"
import type { StaffProfileRow, TemplateRow } from "../plan-event"

export function site(over: Partial<SiteSettings> = {}): SiteSettings {
  return {
    sales_channel_id: "sc_kyiv",
    name: "Test Shop",
    url: "https://shop.test",
    locale: "en",
    email_from: "shop@shop.test",
    delivery_mode: "sms",
    sms_sender: "MyShop",
    viber_sender: "MyShopViber",
    time_zone: "Europe/Kyiv",
    quiet_hours_enabled: false,
    quiet_hours_start: "21:00",
    quiet_hours_end: "09:00",
    transliterate: false,
    admin_phones: ["+380501112233"],
    default_region: "UA",
    omni_fallback_seconds: 600,
    transactional_ignores_opt_out: false,
    ...SITE_DEFAULTS,
    ...over,
  }
}

export function template(over: Partial<TemplateRow>): TemplateRow {
  return {
    code: "BW_ORDER_PLACED_CUSTOMER",
    event_name: "order.placed",
    audience: "customer",
    channel: "sms",
    sales_channel_id: null,
    locale: "en",
    subject: null,
    body: "Order #ORDER_ID# placed",
    enabled: true,
    critical: false,
    ...over,
  }
}

export function staff(over: Partial<StaffProfileRow>): StaffProfileRow {
  return {
    id: "mstf_1",
    name: "Ops",
    email: null,
    telegram_chat_id: null,
    events: ["order.placed"],
    sales_channel_id: null,
    locale: "en",
    enabled: true,
    ...over,
  }
}
