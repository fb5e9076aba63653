/**
 * The admin flows a shop owner goes through, in a real browser against the demo shop:
 * log in, open every Messaging tab (layout and empty states checked, screenshot each),
 * save a template with an unknown macro and see the error, fix it, preview it with
 * sample data and with a real order, send an SMS from the order page and find it in the
 * order's history, in History and at the fake BSG server, the customer page, a bulk
 * dry run and campaign, the Ukrainian admin, and (RBAC on) a "Messaging viewer" who sees
 * only the tabs and buttons their role allows.
 */
import type { BrowserContext, Locator, Page } from "playwright-core"
import { assertNoOverflow, choose, type Shots, until, waitForText } from "./browser"
import { zoneWhereHourIs } from "../support/time-zones"
import { ADMIN_EMAIL, ADMIN_PASSWORD, BSG_KEY, CUSTOMER_PHONE, LIMITED_EMAIL, type Stack } from "./stack"

export interface Ctx {
  stack: Stack
  context: BrowserContext
  page: Page
  shots: Shots
  log: (line: string) => void
}

export interface Step {
  name: string
  run(ctx: Ctx): Promise<void>
}

const ROOT = '[data-testid="messaging-settings"]'
const SECOND_PHONE = "+380501112233"

/** The default site's time zone, through the admin API with the browser's session. */
async function setDefaultTimeZone(page: Page, baseUrl: string, timeZone: string) {
  const sites = await page.request.get(`${baseUrl}/admin/messaging/sites`)
  check(sites.ok(), `GET /admin/messaging/sites answered ${sites.status()}`)
  const global = ((await sites.json()).sites as { id: string; sales_channel_id: string | null }[]).find(
    (x) => !x.sales_channel_id
  )
  check(global, "no default site")
  const res = await page.request.post(`${baseUrl}/admin/messaging/sites/${global.id}`, {
    data: { time_zone: timeZone },
  })
  check(res.ok(), `saving the time zone answered ${res.status()}: ${await res.text()}`)
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

async function openSettings(page: Page, baseUrl: string, tab = "general") {
  await page.goto(`${baseUrl}/app/settings/messaging?tab=${tab}`)
  await page.locator(ROOT).waitFor({ timeout: 60_000 })
}

async function openTab(ctx: Ctx, tab: string, ready: string | RegExp, shot: string) {
  const { page } = ctx
  await page.getByTestId(`tab-${tab}`).click()
  await waitForText(page.locator(ROOT), ready)
  await page.waitForLoadState("networkidle").catch(() => undefined)
  await assertNoOverflow(page, ROOT)
  await ctx.shots.take(page, shot)
}

/** The body rows of one of the admin's data tables (src/admin/components/data-table.tsx). */
function rows(scope: Page | Locator, table: string): Locator {
  return scope.getByTestId(table).locator("tbody tr")
}

async function toast(page: Page, text: string | RegExp) {
  await waitForText(page.locator("[data-sonner-toaster]"), text, 20_000)
}

export const STEPS: Step[] = [
  {
    name: "log in",
    async run({ page, stack, shots }) {
      await page.goto(`${stack.baseUrl}/app/login`)
      await page.locator('input[name="email"]').waitFor({ timeout: 120_000 })
      await page.fill('input[name="email"]', ADMIN_EMAIL)
      await page.fill('input[name="password"]', ADMIN_PASSWORD)
      await page.click('button[type="submit"]')
      await page.waitForURL(/\/app\/orders/, { timeout: 60_000 })
      await shots.take(page, "orders-after-login")
    },
  },
  {
    name: "General: provider account masked, connection test, settings",
    async run(ctx) {
      const { page, stack, shots } = ctx
      await openSettings(page, stack.baseUrl)
      const row = rows(page, "accounts-table").filter({ hasText: "BSG.World (fake)" })
      await row.waitFor()
      await waitForText(row, `****${BSG_KEY.slice(-4)}`)
      check(!(await page.content()).includes(BSG_KEY), "the raw API key is in the page")
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "general")
      await row.getByRole("button", { name: "Test connection" }).click()
      await toast(page, /connection works, balance/)
      await row.getByTestId("account-edit").click()
      const drawer = page.getByTestId("account-drawer")
      await drawer.waitFor()
      await waitForText(drawer, "Declared in medusa-config")
      check(!(await drawer.innerHTML()).includes(BSG_KEY), "the raw API key is in the account drawer")
      await shots.take(page, "account-drawer")
      await page.keyboard.press("Escape")
      await drawer.waitFor({ state: "hidden" })
    },
  },
  {
    name: "every tab opens, fits the page, and says what to do when empty",
    async run(ctx) {
      await openTab(ctx, "sites", "All sales channels (default)", "sites")
      await openTab(ctx, "templates", "BW_ORDER_PLACED_CUSTOMER", "templates")
      await openTab(ctx, "senders", "No senders yet — add the names your provider registered for you.", "senders-empty")
      await openTab(ctx, "staff", "No staff profiles — add one so your team hears about new orders.", "staff-empty")
      await openTab(ctx, "balance", "Cost per day", "balance")
      await ctx.page.getByTestId("balance-refresh").click()
      await toast(ctx.page, "Balances refreshed")
      await waitForText(ctx.page.getByTestId("balance-card").first(), /€|EUR/)
      await openTab(ctx, "history", "Delivery", "history")
      await openTab(ctx, "bulk", "No campaigns yet — fill in the form above, do a dry run, then send.", "bulk-empty")
      await openTab(
        ctx,
        "optOuts",
        "No opt-outs — numbers appear here when customers reply STOP or you add one.",
        "opt-outs-empty"
      )
      await openTab(
        ctx,
        "debug",
        "Debug logging is off — turn it on to record provider requests and responses.",
        "debug-off"
      )
    },
  },
  {
    name: "Sites, Senders and Staff: customize a sales channel, add a sender and a staff profile",
    async run(ctx) {
      const { page, stack, shots } = ctx
      await openSettings(page, stack.baseUrl, "senders")
      await page.getByTestId("senders-section").getByRole("button", { name: "Add sender" }).first().click()
      await page.locator("#sender-name").fill("KyivShop")
      await page.getByRole("button", { name: "Save" }).last().click()
      await toast(page, "Saved")
      await waitForText(page.getByTestId("senders-section"), "KyivShop")

      await page.getByTestId("tab-sites").click()
      const kyiv = page.getByTestId("site-card").filter({ hasText: "Kyiv Store" })
      await kyiv.getByRole("button", { name: "Customize" }).click()
      const drawer = page.getByTestId("site-drawer")
      await drawer.waitFor()
      await drawer.locator("#site-sms-sender").fill("KyivShop")
      await drawer.locator("#site-admin-phones").fill("050 111 22 33")
      await drawer.locator("label", { hasText: "Quiet hours" }).getByRole("switch").click()
      await drawer.locator("#quiet-from").fill("22:00")
      await drawer.locator("#quiet-to").fill("08:00")
      await assertNoOverflow(page, '[data-testid="site-drawer"]')
      await shots.take(page, "site-drawer")
      await drawer.getByTestId("site-save").click()
      await toast(page, "Saved")
      await waitForText(kyiv, "Own settings")
      await waitForText(kyiv, "22:00–08:00 (Europe/Kyiv)")
      await waitForText(kyiv, SECOND_PHONE)
      await waitForText(kyiv, "KyivShop")
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "sites-customized")

      await page.getByTestId("tab-staff").click()
      await page.getByTestId("staff-add").click()
      const staff = page.getByTestId("staff-drawer")
      await staff.locator("#staff-name").fill("Warehouse chat")
      await staff.locator("#staff-chat").fill("-12345")
      await waitForText(staff, "Groups and channels start with -100")
      await staff.locator("#staff-chat").fill("-1001234567890")
      await staff.getByText("New order", { exact: true }).click()
      await staff.getByText("Order paid", { exact: true }).click()
      await shots.take(page, "staff-drawer")
      await staff.getByRole("button", { name: "Save" }).click()
      await toast(page, "Saved")
      const row = page.getByTestId("staff-section").getByRole("row").filter({ hasText: "Warehouse chat" })
      await waitForText(row, "New order, Order paid")
      await row.getByRole("button", { name: "Send test" }).click()
      await toast(page, /Test message queued \(1\)/)
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "staff")
    },
  },
  {
    name: "Sites: switch an event and the whole sales channel off, edit the reply keywords",
    async run(ctx) {
      const { page, stack, shots } = ctx
      await openSettings(page, stack.baseUrl, "sites")
      const kyiv = page.getByTestId("site-card").filter({ hasText: "Kyiv Store" })
      await kyiv.getByRole("button", { name: "Edit" }).click()
      const drawer = page.getByTestId("site-drawer")
      await drawer.waitFor()
      // one event off, the phone read from the profile first, a keyword of the shop's own
      await drawer.getByTestId("site-event-order.placed").click()
      await drawer.getByTestId("site-phone-sources").getByRole("button", { name: "Move down" }).first().click()
      await drawer.getByTestId("site-optout-keywords").fill("STOP, СТОП, хватит")
      await assertNoOverflow(page, '[data-testid="site-drawer"]')
      await shots.take(page, "site-drawer-switches")
      await drawer.getByTestId("site-save").click()
      await toast(page, "Saved")
      await waitForText(kyiv, "Events off")

      const stored = async () => {
        const res = await page.request.get(`${stack.baseUrl}/admin/messaging/sites`)
        check(res.ok(), `GET /admin/messaging/sites answered ${res.status()}`)
        return ((await res.json()).sites as any[]).find(
          (x) => x.sales_channel_id && x.name !== undefined && x.sms_sender === "KyivShop"
        )
      }
      const saved = await stored()
      check(saved, "the Kyiv Store site is not stored")
      check(
        JSON.stringify(saved.disabled_events) === JSON.stringify(["order.placed"]),
        `disabled_events = ${JSON.stringify(saved.disabled_events)}`
      )
      check(
        JSON.stringify(saved.optout_keywords) === JSON.stringify(["STOP", "СТОП", "ХВАТИТ"]),
        `optout_keywords = ${JSON.stringify(saved.optout_keywords)}`
      )
      check(
        JSON.stringify(saved.phone_sources) === JSON.stringify(["billing", "shipping", "customer"]),
        `phone_sources = ${JSON.stringify(saved.phone_sources)}`
      )

      // a keyword in both lists is refused with the reason, nothing is saved
      await kyiv.getByRole("button", { name: "Edit" }).click()
      await drawer.waitFor()
      await drawer.getByTestId("site-optin-keywords").fill("START, хватит")
      await drawer.getByTestId("site-save").click()
      await toast(page, /cannot both opt out and opt in|both in 'optout_keywords' and 'optin_keywords'/)
      await drawer.getByTestId("site-optin-keywords").fill("START, UNSTOP, YES, СТАРТ")

      // the whole sales channel off: the card says so
      await drawer.getByTestId("site-enabled").click()
      await shots.take(page, "site-drawer-off")
      await drawer.getByTestId("site-save").click()
      await toast(page, "Saved")
      await kyiv.getByTestId("site-off-badge").waitFor()
      check((await stored()).enabled === false, "the site is still enabled")
      await shots.take(page, "sites-switched-off")

      // and back on, so the steps after this one use it
      await kyiv.getByRole("button", { name: "Edit" }).click()
      await drawer.waitFor()
      await drawer.getByTestId("site-enabled").click()
      await drawer.getByTestId("site-save").click()
      await toast(page, "Saved")
      await kyiv.getByTestId("site-off-badge").waitFor({ state: "detached" })
      await assertNoOverflow(page, ROOT)
    },
  },
  {
    name: "template: unknown macro is refused with its position, the fix saves, preview with sample data and a real order",
    async run({ page, stack, shots }) {
      await openSettings(page, stack.baseUrl, "templates")
      await page.getByTestId("template-new").click()
      const editor = page.getByTestId("template-editor")
      await editor.waitFor()
      await choose(page, editor.getByRole("combobox").first(), "Manual message")
      const body = editor.getByTestId("template-body")
      await body.fill("Hi #CUSTOMER_FIRST_NAME#!\nOrder #ORDER_ID# is packed: #ORDER_TOTAL#")
      const errors = editor.getByTestId("template-errors")
      await waitForText(errors, 'Line 2, column 29: Unknown macro "ORDER_TOTAL" for event manual')
      await editor.getByTestId("template-save").click()
      const serverError = editor.getByTestId("template-server-error")
      await waitForText(serverError, /Field 'body': Unknown macro "ORDER_TOTAL".*line 2, column 29/)
      await shots.take(page, "template-unknown-macro")

      await body.fill("Hi #CUSTOMER_FIRST_NAME#!\nOrder #")
      await editor.getByTestId("macro-ORDER_ID").click()
      await body.press("End")
      await body.type(" is packed: ")
      await editor.getByTestId("macro-PRICE").click()
      check(
        (await body.inputValue()) === "Hi #CUSTOMER_FIRST_NAME#!\nOrder ##ORDER_ID# is packed: #PRICE#",
        `macro insertion gave ${JSON.stringify(await body.inputValue())}`
      )
      await errors.waitFor({ state: "detached" })
      await editor.getByTestId("template-save").click()
      await toast(page, "Saved")
      await waitForText(editor, "CUSTOM_MANUAL_CUSTOMER_SMS")
      const preview = editor.getByTestId("preview-text")
      await waitForText(preview, /Hi Olena!\s+Order #1042 is packed: \$61\.48/)
      await editor.getByTestId("preview-order-id").fill(stack.order.id)
      await editor.getByTestId("preview-button").click()
      await waitForText(editor, `With the data of order ${stack.order.id}.`)
      await waitForText(preview, new RegExp(`Hi Olena!\\s+Order #${stack.order.display_id} is packed: €30\\.00`))
      await waitForText(editor.getByTestId("sms-counter").last(), /1 SMS/)
      await assertNoOverflow(page, '[data-testid="template-editor"]')
      await shots.take(page, "template-preview-order")
      await page.keyboard.press("Escape")
      await editor.waitFor({ state: "hidden" })
      await waitForText(page.locator(ROOT), "CUSTOM_MANUAL_CUSTOMER_SMS")
    },
  },
  {
    name: "order page: send an SMS, see it in the order's history and at the fake BSG server",
    async run({ page, stack, shots }) {
      await page.goto(`${stack.baseUrl}/app/orders/${stack.order.id}`)
      const widget = page.getByTestId("order-messages-widget")
      await widget.waitFor({ timeout: 60_000 })
      await widget.scrollIntoViewIfNeeded()
      const to = widget.locator("#messaging-send-to")
      await until("the recipient prefilled from the order", async () => (await to.inputValue()) === CUSTOMER_PHONE)
      await widget
        .locator("#messaging-send-body")
        .fill("Hi #CUSTOMER_FIRST_NAME#, order ##ORDER_ID# is packed. Дякуємо!")
      await waitForText(widget.getByTestId("sms-counter"), /1 SMS/)
      await waitForText(widget.getByTestId("sms-counter"), "UCS-2")
      await shots.take(widget, "order-send-form")
      await widget.getByTestId("send-submit").click()
      await toast(page, "Message queued")
      const text = `Hi Olena, order #${stack.order.display_id} is packed. Дякуємо!`
      const atBsg = await until("the SMS at the fake BSG server", async () =>
        [...stack.bsg.messages.values()].find((m) => m.msisdn === CUSTOMER_PHONE.slice(1) && m.body === text)
      )
      check(atBsg.originator === "E2EShop", `originator ${atBsg.originator}`)
      const row = rows(widget, "order-message-list").filter({ hasText: text })
      await row.waitFor({ timeout: 30_000 })
      await until(
        "status Sent in the order's history",
        async () => (await row.locator('[data-status="sent"]').count()) > 0,
        30_000,
        1_000
      )
      await assertNoOverflow(page, '[data-testid="order-messages-widget"]')
      await shots.take(widget, "order-history")
      await row.click()
      const drawer = page.getByTestId("message-drawer")
      await waitForText(drawer.getByTestId("message-body"), text)
      await waitForText(drawer.getByTestId("message-timeline"), "Sent")
      await shots.take(page, "order-message-drawer")
      await page.keyboard.press("Escape")
    },
  },
  {
    name: "customer page: the customer's history and opt-out state",
    async run({ page, stack, shots }) {
      check(stack.order.customer_id, "the order has no customer")
      await page.goto(`${stack.baseUrl}/app/customers/${stack.order.customer_id}`)
      const widget = page.getByTestId("customer-messages-widget")
      await widget.waitFor({ timeout: 60_000 })
      await widget.scrollIntoViewIfNeeded()
      await waitForText(widget, "is packed. Дякуємо!")
      await widget.getByRole("searchbox").fill("packed")
      await until("search narrows the history", async () => (await rows(widget, "customer-message-list").count()) === 1)
      // the guest's phone comes from the order: opt it out of SMS and back in
      const subscriptions = widget.getByTestId("customer-opt-outs")
      await waitForText(subscriptions, CUSTOMER_PHONE)
      await subscriptions.getByRole("button", { name: /SMS: subscribed/ }).click()
      await waitForText(subscriptions, "SMS: opted out")
      await waitForText(subscriptions, "Viber: subscribed")
      await assertNoOverflow(page, '[data-testid="customer-messages-widget"]')
      await shots.take(widget, "customer-widget-opted-out")
      await subscriptions.getByRole("button", { name: /SMS: opted out/ }).click()
      await waitForText(subscriptions, "SMS: subscribed")
    },
  },
  {
    name: "History: search, detail drawer, CSV export of the filtered list",
    async run(ctx) {
      const { page, stack, shots } = ctx
      await openSettings(page, stack.baseUrl, "history")
      await page.getByTestId("history-search").fill("packed")
      await until("one matching row", async () => (await rows(page, "history-table").count()) === 1)
      const href = await page.getByTestId("history-export").getAttribute("href")
      check(href && href.includes("q=packed"), `export link ${href}`)
      const csv = await page.request.get(`${stack.baseUrl}${href}`)
      check(csv.status() === 200, `export answered ${csv.status()}`)
      const lines = (await csv.text())
        .replace(/^\ufeff/, "")
        .trim()
        .split("\r\n")
      check(lines.length === 2 && lines[1].includes("is packed"), `CSV has ${lines.length} lines`)
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "history-filtered")
      await rows(page, "history-table").first().click()
      await page.getByTestId("message-drawer").waitFor()
      await waitForText(page.getByTestId("message-drawer"), "Provider's id")
      await shots.take(page, "history-drawer")
      await page.keyboard.press("Escape")
    },
  },
  {
    name: "Bulk sending: dry run, campaign with progress, both messages at the fake BSG server",
    async run(ctx) {
      const { page, stack, shots } = ctx
      // Marketing is never sent at night (21:00–08:00 in the shop's zone). The test must not
      // depend on the hour it runs at: first a zone where it is night (the dry run says when
      // sending would start), then one where it is midday (the campaign goes out now).
      const nightZone = zoneWhereHourIs(2)
      await setDefaultTimeZone(page, stack.baseUrl, nightZone)
      await openSettings(page, stack.baseUrl, "bulk")
      const section = page.getByTestId("bulk-section")
      await section.locator("#bulk-name").fill("Weekend sale")
      await section.locator("#bulk-phones").fill(`${CUSTOMER_PHONE}\n050 111 22 33\n${CUSTOMER_PHONE}\nnot-a-phone`)
      await section.locator("#bulk-body").fill("#SITE_NAME#: -20% this weekend!")
      await section.getByTestId("bulk-dry-run").click()
      const plan = section.getByTestId("bulk-plan")
      await waitForText(plan, "Marketing texts are never sent at night: 21:00–08:00")
      await waitForText(plan.getByTestId("bulk-plan-waits"), `when the night window in ${nightZone} ends`)
      await shots.take(page, "bulk-dry-run-night")
      await setDefaultTimeZone(page, stack.baseUrl, zoneWhereHourIs(13))
      await section.getByTestId("bulk-dry-run").click()
      await until("no wait for the morning", async () => (await plan.getByTestId("bulk-plan-waits").count()) === 0)
      await waitForText(plan, "2 recipients will get this message.")
      await waitForText(plan, "Found 4: 1 without a valid phone, 1 duplicates, 0 opted out.")
      await waitForText(plan, "E2E Shop: -20% this weekend!")
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "bulk-dry-run")
      await section.getByTestId("bulk-start").click()
      await toast(page, "Campaign started")
      const campaign = rows(page, "campaigns-table").filter({ hasText: "Weekend sale" })
      await campaign.waitFor()
      await until("both campaign messages at BSG", async () =>
        [CUSTOMER_PHONE, SECOND_PHONE].every((p) =>
          [...stack.bsg.messages.values()].some(
            (m) => m.msisdn === p.slice(1) && m.body === "E2E Shop: -20% this weekend!"
          )
        )
      )
      await waitForText(campaign, "Completed", 30_000)
      await waitForText(campaign, /100% · 2 of 2 done/)
      await shots.take(page, "bulk-campaign-completed")
    },
  },
  {
    name: "the admin in Ukrainian",
    async run({ page, context, stack, shots }) {
      await context.addCookies([{ name: "lng", value: "uk", url: stack.baseUrl }])
      await page.goto(`${stack.baseUrl}/app/settings/messaging?tab=general`)
      await page.evaluate(() => localStorage.setItem("lng", "uk"))
      await page.reload()
      await waitForText(page.locator(ROOT), "Облікові записи провайдерів", 60_000)
      await waitForText(page.locator(ROOT), "Події та шаблони")
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "general-uk")
      await page.getByTestId("tab-history").click()
      await waitForText(page.locator(ROOT), "Доставка")
      await assertNoOverflow(page, ROOT)
      await shots.take(page, "history-uk")
    },
  },
  {
    name: "RBAC: a Messaging viewer sees only what the role allows and cannot send",
    async run({ context, stack, shots }) {
      const viewer = await context.browser()!.newContext({
        viewport: { width: 1440, height: 900 },
        locale: "en-US",
        timezoneId: "Europe/Kyiv",
      })
      viewer.setDefaultTimeout(30_000)
      const page = await viewer.newPage()
      try {
        await page.goto(`${stack.baseUrl}/app/login`)
        await page.locator('input[name="email"]').waitFor({ timeout: 120_000 })
        await page.fill('input[name="email"]', LIMITED_EMAIL)
        await page.fill('input[name="password"]', ADMIN_PASSWORD)
        await page.click('button[type="submit"]')
        await page.waitForURL(/\/app\/(?!login)/, { timeout: 60_000 })

        await openSettings(page, stack.baseUrl, "general")
        // The first tab the role allows opens instead of General.
        await page.getByTestId("tab-templates").waitFor({ timeout: 60_000 })
        await page.waitForLoadState("networkidle").catch(() => undefined)
        await shots.take(page, "rbac-viewer-settings")
        for (const tab of ["templates", "history", "optOuts"])
          check(await page.getByTestId(`tab-${tab}`).isVisible(), `tab ${tab} hidden from the viewer`)
        for (const tab of ["general", "sites", "senders", "staff", "balance", "bulk", "intake", "debug", "audit"])
          check((await page.getByTestId(`tab-${tab}`).count()) === 0, `tab ${tab} shown to the viewer`)
        check((await page.getByTestId("template-new").count()) === 0, "the viewer has a New template button")

        await page.getByTestId("tab-optOuts").click()
        await page.getByTestId("opt-outs-section").waitFor()
        check(
          (await page.getByTestId("opt-outs-section").getByRole("button", { name: "Add" }).count()) === 0,
          "the viewer can add an opt-out"
        )
        await shots.take(page, "rbac-viewer-opt-outs")

        await page.goto(`${stack.baseUrl}/app/orders/${stack.order.id}`)
        const widget = page.getByTestId("order-messages-widget")
        await widget.waitFor({ timeout: 60_000 })
        await widget.getByTestId("order-send-not-allowed").waitFor()
        check((await widget.getByRole("button", { name: /^Send/ }).count()) === 0, "the viewer has a Send button")
        await page.waitForLoadState("networkidle").catch(() => undefined)
        await shots.take(page, "rbac-viewer-order")

        // The server refuses too: the hidden button is not the protection.
        const refused = await page.request.post(`${stack.baseUrl}/admin/messaging/send`, {
          data: { order_id: stack.order.id, to: CUSTOMER_PHONE, body: "not allowed" },
        })
        check(refused.status() === 403, `POST /admin/messaging/send as the viewer answered ${refused.status()}`)
      } finally {
        await viewer.close()
      }
    },
  },
]
