import { LOCALES, type Audience, type TemplateChannel } from "../types"
import { SUPPORTED_EVENTS } from "../events/catalogue"
import type { MessagingEvent } from "../events/catalogue"

/**
 * Default templates installed with the plugin, with BSG-style `BW_` codes:
 *  - `BW_<EVENT>_CUSTOMER` / `BW_<EVENT>_ADMIN`: SMS texts (also used for Viber/Omni);
 *  - `BW_<EVENT>_STAFF_EMAIL` (with a subject) and `BW_<EVENT>_STAFF_TELEGRAM`.
 * `<EVENT>` is the event name upper-cased with "." and "-" → "_".
 * Every text exists in English, Russian and Ukrainian.
 */

export interface DefaultTemplate {
  code: string
  event: MessagingEvent
  audience: Audience
  channel: TemplateChannel
  locale: DefaultTemplateLocale
  subject?: string | null
  body: string
  /** Critical messages ignore quiet hours (password reset only). */
  critical?: boolean
}

export const DEFAULT_TEMPLATE_LOCALES = LOCALES
export type DefaultTemplateLocale = (typeof DEFAULT_TEMPLATE_LOCALES)[number]
type Localized = Record<DefaultTemplateLocale, string>

/** Events with admin-copy SMS and staff e-mail/Telegram defaults. */
export const STAFF_EVENTS = [
  "order.placed",
  "order.canceled",
  "payment.captured",
  "payment.refunded",
  "order.return_requested",
  "order.claim_created",
  "order.exchange_created",
  "order-edit.requested",
  "order.completed",
  "shipment.created",
  "delivery.created",
  "customer.created",
] as const satisfies readonly MessagingEvent[]
type StaffEvent = (typeof STAFF_EVENTS)[number]
type CustomerEvent = Exclude<MessagingEvent, "manual">

const CUSTOMER_SMS: Record<CustomerEvent, Localized> = {
  "order.placed": {
    en: "#SITE_NAME#: thank you! Order ##ORDER_ID# is received. Total: #PRICE#. We will text you when it ships.",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# принят. Сумма: #PRICE#. Сообщим, когда отправим.",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# прийнято. Сума: #PRICE#. Повідомимо, коли відправимо.",
  },
  "order.updated": {
    en: "#SITE_NAME#: order ##ORDER_ID# was updated. Total: #PRICE#. Details: #ORDER_URL#",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# изменён. Сумма: #PRICE#. Подробнее: #ORDER_URL#",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# змінено. Сума: #PRICE#. Деталі: #ORDER_URL#",
  },
  "order.canceled": {
    en: "#SITE_NAME#: order ##ORDER_ID# is canceled.{% if ORDER_CANCEL_DESCRIPTION %} Reason: #ORDER_CANCEL_DESCRIPTION#.{% endif %} Questions? Write to #DEFAULT_EMAIL_FROM#",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# отменён.{% if ORDER_CANCEL_DESCRIPTION %} Причина: #ORDER_CANCEL_DESCRIPTION#.{% endif %} Вопросы: #DEFAULT_EMAIL_FROM#",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# скасовано.{% if ORDER_CANCEL_DESCRIPTION %} Причина: #ORDER_CANCEL_DESCRIPTION#.{% endif %} Питання: #DEFAULT_EMAIL_FROM#",
  },
  "order.completed": {
    en: "#SITE_NAME#: order ##ORDER_ID# is complete. Thank you for shopping with us!",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# выполнен. Спасибо за покупку!",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# виконано. Дякуємо за покупку!",
  },
  "payment.captured": {
    en: "#SITE_NAME#: we received #PAYMENT_AMOUNT# for order ##ORDER_ID#. Thank you!",
    ru: "#SITE_NAME#: оплата #PAYMENT_AMOUNT# по заказу №#ORDER_ID# получена. Спасибо!",
    uk: "#SITE_NAME#: оплату #PAYMENT_AMOUNT# за замовлення №#ORDER_ID# отримано. Дякуємо!",
  },
  "payment.refunded": {
    en: "#SITE_NAME#: we refunded #REFUND_AMOUNT# for order ##ORDER_ID#. It may take a few days to reach your account.",
    ru: "#SITE_NAME#: вернули #REFUND_AMOUNT# по заказу №#ORDER_ID#. Деньги поступят в течение нескольких дней.",
    uk: "#SITE_NAME#: повернули #REFUND_AMOUNT# за замовлення №#ORDER_ID#. Кошти надійдуть протягом кількох днів.",
  },
  "order.fulfillment_created": {
    en: "#SITE_NAME#: order ##ORDER_ID# is packed and will ship soon.",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# собран и скоро будет отправлен.",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# зібрано, незабаром відправимо.",
  },
  "shipment.created": {
    en: "#SITE_NAME#: order ##ORDER_ID# is on its way{% if CARRIER %} with #CARRIER#{% endif %}.{% if TRACKING_NUMBER %} Tracking: #TRACKING_NUMBER#{% endif %}{% if TRACKING_URL %} #TRACKING_URL#{% endif %}",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# отправлен{% if CARRIER %} (#CARRIER#){% endif %}.{% if TRACKING_NUMBER %} Трек-номер: #TRACKING_NUMBER#{% endif %}",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# відправлено{% if CARRIER %} (#CARRIER#){% endif %}.{% if TRACKING_NUMBER %} ТТН: #TRACKING_NUMBER#{% endif %}",
  },
  "delivery.created": {
    en: "#SITE_NAME#: order ##ORDER_ID# has been delivered. Enjoy your purchase!",
    ru: "#SITE_NAME#: заказ №#ORDER_ID# доставлен. Приятного пользования!",
    uk: "#SITE_NAME#: замовлення №#ORDER_ID# доставлено. Гарного користування!",
  },
  "order.return_requested": {
    en: "#SITE_NAME#: return ##RETURN_ID# for order ##ORDER_ID# is registered. We will text you when the items arrive.",
    ru: "#SITE_NAME#: возврат №#RETURN_ID# по заказу №#ORDER_ID# оформлен. Сообщим, когда получим товар.",
    uk: "#SITE_NAME#: повернення №#RETURN_ID# за замовленням №#ORDER_ID# оформлено. Повідомимо, коли отримаємо товар.",
  },
  "order.return_received": {
    en: "#SITE_NAME#: we received return ##RETURN_ID# for order ##ORDER_ID#.{% if REFUND_AMOUNT %} Refund: #REFUND_AMOUNT#.{% endif %}",
    ru: "#SITE_NAME#: возврат №#RETURN_ID# по заказу №#ORDER_ID# получен.{% if REFUND_AMOUNT %} К возврату: #REFUND_AMOUNT#.{% endif %}",
    uk: "#SITE_NAME#: повернення №#RETURN_ID# за замовленням №#ORDER_ID# отримано.{% if REFUND_AMOUNT %} До повернення: #REFUND_AMOUNT#.{% endif %}",
  },
  "order.claim_created": {
    en: "#SITE_NAME#: claim ##CLAIM_ID# for order ##ORDER_ID# is opened. We will contact you soon.",
    ru: "#SITE_NAME#: претензия №#CLAIM_ID# по заказу №#ORDER_ID# принята. Мы свяжемся с вами.",
    uk: "#SITE_NAME#: претензію №#CLAIM_ID# за замовленням №#ORDER_ID# прийнято. Ми зв'яжемося з вами.",
  },
  "order.exchange_created": {
    en: "#SITE_NAME#: exchange ##EXCHANGE_ID# for order ##ORDER_ID# is arranged. We will text you when it ships.",
    ru: "#SITE_NAME#: обмен №#EXCHANGE_ID# по заказу №#ORDER_ID# оформлен. Сообщим об отправке.",
    uk: "#SITE_NAME#: обмін №#EXCHANGE_ID# за замовленням №#ORDER_ID# оформлено. Повідомимо про відправку.",
  },
  "order-edit.requested": {
    en: "#SITE_NAME#: we propose changes to order ##ORDER_ID#. New total: #PRICE#. Please review: #ORDER_URL#",
    ru: "#SITE_NAME#: предлагаем изменения в заказе №#ORDER_ID#. Новая сумма: #PRICE#. Подробнее: #ORDER_URL#",
    uk: "#SITE_NAME#: пропонуємо зміни в замовленні №#ORDER_ID#. Нова сума: #PRICE#. Деталі: #ORDER_URL#",
  },
  "order-edit.confirmed": {
    en: "#SITE_NAME#: changes to order ##ORDER_ID# are confirmed. New total: #PRICE#.",
    ru: "#SITE_NAME#: изменения в заказе №#ORDER_ID# подтверждены. Сумма: #PRICE#.",
    uk: "#SITE_NAME#: зміни в замовленні №#ORDER_ID# підтверджено. Сума: #PRICE#.",
  },
  "customer.created": {
    en: "Welcome to #SITE_NAME#{% if CUSTOMER_FIRST_NAME %}, #CUSTOMER_FIRST_NAME#{% endif %}! Your account is ready.",
    ru: "#SITE_NAME#: добро пожаловать{% if CUSTOMER_FIRST_NAME %}, #CUSTOMER_FIRST_NAME#{% endif %}! Аккаунт создан.",
    uk: "#SITE_NAME#: вітаємо{% if CUSTOMER_FIRST_NAME %}, #CUSTOMER_FIRST_NAME#{% endif %}! Обліковий запис створено.",
  },
  "auth.password_reset": {
    en: "#SITE_NAME# password reset: #RESET_URL# Not you? Ignore this message.",
    ru: "#SITE_NAME#: ссылка для смены пароля: #RESET_URL# Если это не вы, проигнорируйте.",
    uk: "#SITE_NAME#: посилання для зміни пароля: #RESET_URL# Якщо це не ви, проігноруйте.",
  },
}

/** Copies to the shop's admin phone numbers. */
const ADMIN_SMS: Record<StaffEvent, Localized> = {
  "order.placed": {
    en: "New order ##ORDER_ID# (#SITE_NAME#): #PRICE#, #CONTACT_PERSON#, #PHONE_TO#. #ORDER_LIST#",
    ru: "Новый заказ №#ORDER_ID# (#SITE_NAME#): #PRICE#, #CONTACT_PERSON#, #PHONE_TO#. #ORDER_LIST#",
    uk: "Нове замовлення №#ORDER_ID# (#SITE_NAME#): #PRICE#, #CONTACT_PERSON#, #PHONE_TO#. #ORDER_LIST#",
  },
  "order.canceled": {
    en: "Order ##ORDER_ID# canceled (#SITE_NAME#), #PRICE#.{% if ORDER_CANCEL_DESCRIPTION %} Reason: #ORDER_CANCEL_DESCRIPTION#{% endif %}",
    ru: "Заказ №#ORDER_ID# отменён (#SITE_NAME#), #PRICE#.{% if ORDER_CANCEL_DESCRIPTION %} Причина: #ORDER_CANCEL_DESCRIPTION#{% endif %}",
    uk: "Замовлення №#ORDER_ID# скасовано (#SITE_NAME#), #PRICE#.{% if ORDER_CANCEL_DESCRIPTION %} Причина: #ORDER_CANCEL_DESCRIPTION#{% endif %}",
  },
  "payment.captured": {
    en: "Order ##ORDER_ID# paid: #PAYMENT_AMOUNT# (#SITE_NAME#)",
    ru: "Заказ №#ORDER_ID# оплачен: #PAYMENT_AMOUNT# (#SITE_NAME#)",
    uk: "Замовлення №#ORDER_ID# оплачено: #PAYMENT_AMOUNT# (#SITE_NAME#)",
  },
  "payment.refunded": {
    en: "Refund #REFUND_AMOUNT# for order ##ORDER_ID# (#SITE_NAME#)",
    ru: "Возврат #REFUND_AMOUNT# по заказу №#ORDER_ID# (#SITE_NAME#)",
    uk: "Повернення #REFUND_AMOUNT# за замовленням №#ORDER_ID# (#SITE_NAME#)",
  },
  "order.return_requested": {
    en: "Return ##RETURN_ID# requested for order ##ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    ru: "Запрошен возврат №#RETURN_ID# по заказу №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    uk: "Запит на повернення №#RETURN_ID# за замовленням №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
  },
  "order.claim_created": {
    en: "Claim ##CLAIM_ID# for order ##ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    ru: "Претензия №#CLAIM_ID# по заказу №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    uk: "Претензія №#CLAIM_ID# за замовленням №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
  },
  "order.exchange_created": {
    en: "Exchange ##EXCHANGE_ID# for order ##ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    ru: "Обмен №#EXCHANGE_ID# по заказу №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
    uk: "Обмін №#EXCHANGE_ID# за замовленням №#ORDER_ID#: #CONTACT_PERSON#, #PHONE_TO#",
  },
  "order-edit.requested": {
    en: "Order ##ORDER_ID# change proposed, new total #PRICE# (#SITE_NAME#)",
    ru: "Изменение заказа №#ORDER_ID#, новая сумма #PRICE# (#SITE_NAME#)",
    uk: "Зміна замовлення №#ORDER_ID#, нова сума #PRICE# (#SITE_NAME#)",
  },
  "order.completed": {
    en: "Order ##ORDER_ID# completed (#SITE_NAME#), #PRICE#",
    ru: "Заказ №#ORDER_ID# выполнен (#SITE_NAME#), #PRICE#",
    uk: "Замовлення №#ORDER_ID# виконано (#SITE_NAME#), #PRICE#",
  },
  "shipment.created": {
    en: "Order ##ORDER_ID# shipped (#SITE_NAME#): #CARRIER# #TRACKING_NUMBER#",
    ru: "Заказ №#ORDER_ID# отправлен (#SITE_NAME#): #CARRIER# #TRACKING_NUMBER#",
    uk: "Замовлення №#ORDER_ID# відправлено (#SITE_NAME#): #CARRIER# #TRACKING_NUMBER#",
  },
  "delivery.created": {
    en: "Order ##ORDER_ID# delivered (#SITE_NAME#): #CONTACT_PERSON#",
    ru: "Заказ №#ORDER_ID# доставлен (#SITE_NAME#): #CONTACT_PERSON#",
    uk: "Замовлення №#ORDER_ID# доставлено (#SITE_NAME#): #CONTACT_PERSON#",
  },
  "customer.created": {
    en: "New customer (#SITE_NAME#): #CONTACT_PERSON#, #CUSTOMER_EMAIL#, #PHONE_TO#",
    ru: "Новый покупатель (#SITE_NAME#): #CONTACT_PERSON#, #CUSTOMER_EMAIL#, #PHONE_TO#",
    uk: "Новий покупець (#SITE_NAME#): #CONTACT_PERSON#, #CUSTOMER_EMAIL#, #PHONE_TO#",
  },
}

/** Staff e-mail and Telegram share a headline and an optional detail line per event. */
const STAFF_HEADLINES: Record<StaffEvent, Localized> = {
  "order.placed": { en: "New order ##ORDER_ID#", ru: "Новый заказ №#ORDER_ID#", uk: "Нове замовлення №#ORDER_ID#" },
  "order.canceled": {
    en: "Order ##ORDER_ID# canceled",
    ru: "Заказ №#ORDER_ID# отменён",
    uk: "Замовлення №#ORDER_ID# скасовано",
  },
  "payment.captured": {
    en: "Order ##ORDER_ID# paid: #PAYMENT_AMOUNT#",
    ru: "Заказ №#ORDER_ID# оплачен: #PAYMENT_AMOUNT#",
    uk: "Замовлення №#ORDER_ID# оплачено: #PAYMENT_AMOUNT#",
  },
  "payment.refunded": {
    en: "Refund #REFUND_AMOUNT# for order ##ORDER_ID#",
    ru: "Возврат #REFUND_AMOUNT# по заказу №#ORDER_ID#",
    uk: "Повернення #REFUND_AMOUNT# за замовленням №#ORDER_ID#",
  },
  "order.return_requested": {
    en: "Return ##RETURN_ID# requested for order ##ORDER_ID#",
    ru: "Запрошен возврат №#RETURN_ID# по заказу №#ORDER_ID#",
    uk: "Запит на повернення №#RETURN_ID# за замовленням №#ORDER_ID#",
  },
  "order.claim_created": {
    en: "Claim ##CLAIM_ID# for order ##ORDER_ID#",
    ru: "Претензия №#CLAIM_ID# по заказу №#ORDER_ID#",
    uk: "Претензія №#CLAIM_ID# за замовленням №#ORDER_ID#",
  },
  "order.exchange_created": {
    en: "Exchange ##EXCHANGE_ID# for order ##ORDER_ID#",
    ru: "Обмен №#EXCHANGE_ID# по заказу №#ORDER_ID#",
    uk: "Обмін №#EXCHANGE_ID# за замовленням №#ORDER_ID#",
  },
  "order-edit.requested": {
    en: "Change proposed for order ##ORDER_ID#",
    ru: "Предложено изменение заказа №#ORDER_ID#",
    uk: "Запропоновано зміну замовлення №#ORDER_ID#",
  },
  "order.completed": {
    en: "Order ##ORDER_ID# completed",
    ru: "Заказ №#ORDER_ID# выполнен",
    uk: "Замовлення №#ORDER_ID# виконано",
  },
  "shipment.created": {
    en: "Order ##ORDER_ID# shipped",
    ru: "Заказ №#ORDER_ID# отправлен",
    uk: "Замовлення №#ORDER_ID# відправлено",
  },
  "delivery.created": {
    en: "Order ##ORDER_ID# delivered",
    ru: "Заказ №#ORDER_ID# доставлен",
    uk: "Замовлення №#ORDER_ID# доставлено",
  },
  "customer.created": {
    en: "New customer: #CONTACT_PERSON#",
    ru: "Новый покупатель: #CONTACT_PERSON#",
    uk: "Новий покупець: #CONTACT_PERSON#",
  },
}

const STAFF_DETAILS: Partial<Record<StaffEvent, Localized>> = {
  "shipment.created": {
    en: "Tracking: #CARRIER# #TRACKING_NUMBER# #TRACKING_URL#\n",
    ru: "Отслеживание: #CARRIER# #TRACKING_NUMBER# #TRACKING_URL#\n",
    uk: "Відстеження: #CARRIER# #TRACKING_NUMBER# #TRACKING_URL#\n",
  },
  "order.canceled": {
    en: "{% if ORDER_CANCEL_DESCRIPTION %}Reason: #ORDER_CANCEL_DESCRIPTION#\n{% endif %}",
    ru: "{% if ORDER_CANCEL_DESCRIPTION %}Причина: #ORDER_CANCEL_DESCRIPTION#\n{% endif %}",
    uk: "{% if ORDER_CANCEL_DESCRIPTION %}Причина: #ORDER_CANCEL_DESCRIPTION#\n{% endif %}",
  },
}

const LABELS: Record<
  DefaultTemplateLocale,
  { customer: string; phone: string; date: string; items: string; total: string }
> = {
  en: { customer: "Customer", phone: "Phone", date: "Order date", items: "Items", total: "Total" },
  ru: { customer: "Покупатель", phone: "Телефон", date: "Дата заказа", items: "Товары", total: "Сумма заказа" },
  uk: { customer: "Покупець", phone: "Телефон", date: "Дата замовлення", items: "Товари", total: "Сума замовлення" },
}

const ITEM_LINES =
  "{% for item in items %}- {{ item.quantity }} x {{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){% endif %}: {{ item.total }}\n{% endfor %}"

function staffEmail(event: StaffEvent, locale: DefaultTemplateLocale): { subject: string; body: string } {
  const l = LABELS[locale]
  const headline = STAFF_HEADLINES[event][locale]
  if (event === "customer.created") {
    return {
      subject: `[#SITE_NAME#] ${headline}`,
      body: `${headline}\n\n${l.phone}: #PHONE_TO#\nE-mail: #CUSTOMER_EMAIL#\n\n#SITE_NAME# (#SERVER_NAME#)`,
    }
  }
  const details = STAFF_DETAILS[event]?.[locale] ?? ""
  const body =
    `${headline}\n\n` +
    `${l.customer}: #CONTACT_PERSON#\n${l.phone}: #PHONE_TO#\nE-mail: #CUSTOMER_EMAIL#\n${l.date}: #ORDER_DATE#\n` +
    `${details}\n${l.items}:\n${ITEM_LINES}\n${l.total}: #PRICE#\n\n#SITE_NAME# (#SERVER_NAME#)`
  return { subject: `[#SITE_NAME#] ${headline}`, body }
}

function staffTelegram(event: StaffEvent, locale: DefaultTemplateLocale): string {
  const l = LABELS[locale]
  if (event === "customer.created")
    return `${STAFF_HEADLINES[event][locale]} (#SITE_NAME#)\n#CUSTOMER_EMAIL#, #PHONE_TO#`
  const details = STAFF_DETAILS[event]?.[locale] ?? ""
  return (
    `${STAFF_HEADLINES[event][locale]} (#SITE_NAME#)\n` +
    `#CONTACT_PERSON#, #PHONE_TO#\n${details}` +
    `{% for item in items %}{{ item.quantity }} x {{ item.title }}\n{% endfor %}${l.total}: #PRICE#`
  )
}

/** `order-edit.requested` → `ORDER_EDIT_REQUESTED`. */
function eventCode(event: MessagingEvent): string {
  return event.toUpperCase().replace(/[.-]/g, "_")
}

/** The `BW_` code of a default template. */
export function defaultTemplateCode(event: MessagingEvent, audience: Audience, channel: TemplateChannel): string {
  if (audience === "staff") return `BW_${eventCode(event)}_STAFF_${channel.toUpperCase()}`
  return `BW_${eventCode(event)}_${audience.toUpperCase()}`
}

function buildDefaults(): DefaultTemplate[] {
  const templates: DefaultTemplate[] = []
  for (const event of SUPPORTED_EVENTS) {
    if (event === "manual") continue
    for (const locale of DEFAULT_TEMPLATE_LOCALES) {
      templates.push({
        code: defaultTemplateCode(event, "customer", "sms"),
        event,
        audience: "customer",
        channel: "sms",
        locale,
        subject: null,
        body: CUSTOMER_SMS[event][locale],
        critical: event === "auth.password_reset",
      })
    }
  }
  for (const event of STAFF_EVENTS) {
    for (const locale of DEFAULT_TEMPLATE_LOCALES) {
      const email = staffEmail(event, locale)
      templates.push(
        {
          code: defaultTemplateCode(event, "admin", "sms"),
          event,
          audience: "admin",
          channel: "sms",
          locale,
          subject: null,
          body: ADMIN_SMS[event][locale],
          critical: false,
        },
        {
          code: defaultTemplateCode(event, "staff", "email"),
          event,
          audience: "staff",
          channel: "email",
          locale,
          subject: email.subject,
          body: email.body,
          critical: false,
        },
        {
          code: defaultTemplateCode(event, "staff", "telegram"),
          event,
          audience: "staff",
          channel: "telegram",
          locale,
          subject: null,
          body: staffTelegram(event, locale),
          critical: false,
        }
      )
    }
  }
  return templates
}

/** Every default template (customer, admin and staff, in en/ru/uk). */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = Object.freeze(buildDefaults())

/** The default for an event/audience/channel in a locale ("uk-UA" → "uk"), falling back to English. */
export function findDefaultTemplate(
  event: string,
  audience: Audience,
  channel: TemplateChannel,
  locale = "en"
): DefaultTemplate | undefined {
  const language = locale.slice(0, 2).toLowerCase()
  const matches = DEFAULT_TEMPLATES.filter((t) => t.event === event && t.audience === audience && t.channel === channel)
  return matches.find((t) => t.locale === language) ?? matches.find((t) => t.locale === "en")
}
