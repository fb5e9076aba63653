/**
 * The fake provider servers of the demo (the same ones the tests use) and the plugin
 * options that point the provider accounts at them.
 */
import {
  startFakeBsg,
  startFakeTelegram,
  startFakeTurboSms,
  startFakeTwilio,
  startSmtpSink,
  type FakeBsg,
  type FakeTelegram,
  type FakeTurboSms,
  type FakeTwilio,
  type SmtpSink,
} from "../../test/fakes"

export const DEMO_SENDER = "DemoShop"
export const SMTP_USER = "demo"
export const SMTP_PASSWORD = "demo-smtp-password"
export const TWILIO_FROM = "+15005550006"

export interface Fakes {
  bsg: FakeBsg
  turbosms: FakeTurboSms
  twilio: FakeTwilio
  telegram: FakeTelegram
  smtp: SmtpSink
  close(): Promise<void>
}

export async function startFakes(): Promise<Fakes> {
  const started: { close(): Promise<void> }[] = []
  const keep = <T extends { close(): Promise<void> }>(f: T) => (started.push(f), f)
  const closeAll = async () => {
    await Promise.all(started.map((f) => f.close().catch(() => undefined)))
  }
  try {
    const bsg = keep(await startFakeBsg({ balance: 50 }))
    const turbosms = keep(await startFakeTurboSms())
    const twilio = keep(await startFakeTwilio({ fromNumbers: [TWILIO_FROM] }))
    const telegram = keep(await startFakeTelegram())
    const smtp = keep(await startSmtpSink({ user: SMTP_USER, password: SMTP_PASSWORD }))
    return { bsg, turbosms, twilio, telegram, smtp, close: closeAll }
  } catch (e) {
    await closeAll()
    throw e
  }
}

/** MESSAGING_PLUGIN_OPTIONS of the demo host (schema: src/modules/messaging/options.ts). */
export function demoPluginOptions(f: Fakes, publicUrl: string): Record<string, unknown> {
  return {
    alert_email: "owner@demo.local",
    public_url: publicUrl,
    // the fake providers listen on 127.0.0.1: the demo allows it explicitly
    allowed_hosts: ["127.0.0.1"],
    accounts: [
      {
        key: "bsg-demo",
        name: "BSG.World (fake)",
        type: "bsg",
        priority: 10,
        base_url: f.bsg.url,
        credentials: { api_key: f.bsg.apiKey },
        config: { sender: DEMO_SENDER, viber_sender: DEMO_SENDER },
      },
      {
        key: "turbosms-demo",
        name: "TurboSMS (fake, backup)",
        type: "turbosms",
        priority: 20,
        base_url: f.turbosms.url,
        credentials: { token: f.turbosms.token },
        config: { sender: DEMO_SENDER, viber_sender: DEMO_SENDER },
      },
      {
        key: "twilio-demo",
        name: "Twilio (fake, backup)",
        type: "twilio",
        priority: 30,
        base_url: f.twilio.url,
        credentials: { account_sid: f.twilio.accountSid, auth_token: f.twilio.authToken },
        config: { from: TWILIO_FROM },
      },
      {
        key: "telegram-demo",
        name: "Telegram bot (fake)",
        type: "telegram",
        priority: 10,
        base_url: f.telegram.url,
        credentials: { bot_token: f.telegram.botToken },
      },
      {
        key: "smtp-demo",
        name: "SMTP (fake sink)",
        type: "smtp",
        priority: 10,
        credentials: { user: SMTP_USER, password: SMTP_PASSWORD },
        config: { host: f.smtp.host, port: f.smtp.port, secure: false, from: "shop@demo.local" },
      },
      {
        key: "sandbox-demo",
        name: "Sandbox (last resort)",
        type: "sandbox",
        priority: 1000,
        config: { delivery_delay_ms: 1500 },
      },
    ],
    defaults: {
      site_name: "Demo Shop",
      site_url: "http://localhost:8000",
      time_zone: "Europe/Kyiv",
      default_region: "UA",
      admin_phones: ["+380501112233"],
      sms_sender: DEMO_SENDER,
    },
  }
}

/** One message as a fake provider received it. */
export interface Received {
  /** Unique per message across the fakes. */
  key: string
  provider: string
  channel: string
  to: string
  sender: string
  text: string
  subject?: string
  at: number
}

/** Everything the fakes have accepted so far, oldest first. */
export function receivedMessages(f: Fakes): Received[] {
  const out: Received[] = []
  for (const m of f.bsg.messages.values()) {
    out.push({
      key: `bsg:${m.id}`,
      provider: "BSG",
      channel: m.alt_route ? `${m.channel} (SMS fallback from ${m.alt_route.originator})` : m.channel,
      to: `+${m.msisdn}`,
      sender: m.originator,
      text: m.body,
      at: Date.parse(m.time_in.replace(" ", "T") + "Z") || 0,
    })
  }
  for (const m of f.turbosms.messages.values()) {
    const viberText = typeof m.viber?.text === "string" ? (m.viber.text as string) : undefined
    const viberSender = typeof m.viber?.sender === "string" ? (m.viber.sender as string) : undefined
    out.push({
      key: `turbosms:${m.message_id}`,
      provider: "TurboSMS",
      channel: m.type,
      to: `+${m.recipient.replace(/^\+/, "")}`,
      sender: m.sms?.sender ?? viberSender ?? "",
      text: viberText ?? m.sms?.text ?? "",
      at: Date.parse(m.sent) || 0,
    })
  }
  for (const m of f.twilio.messages.values()) {
    out.push({
      key: `twilio:${m.sid}`,
      provider: "Twilio",
      channel: "sms",
      to: m.to,
      sender: m.from ?? m.messaging_service_sid ?? "",
      text: m.body,
      at: Date.parse(m.date_created) || 0,
    })
  }
  for (const m of f.telegram.messages) {
    out.push({
      key: `telegram:${m.message_id}`,
      provider: "Telegram",
      channel: "telegram",
      to: `chat ${m.chat_id}`,
      sender: "bot",
      text: m.plain,
      at: 0,
    })
  }
  f.smtp.mails.forEach((m, i) => {
    out.push({
      key: `smtp:${i}`,
      provider: "SMTP",
      channel: "email",
      to: m.envelope.to.join(", "),
      sender: m.from || m.envelope.from || "",
      subject: m.subject,
      text: m.text || stripHtml(m.html ?? ""),
      at: m.receivedAt.getTime(),
    })
  })
  return out
}

/** How many messages each fake has received (cheap, for polling). */
export function receivedCount(f: Fakes): number {
  return (
    f.bsg.messages.size +
    f.turbosms.messages.size +
    f.twilio.messages.size +
    f.telegram.messages.length +
    f.smtp.mails.length
  )
}

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .trim()
}
