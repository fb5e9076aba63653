/**
 * `npm run test:e2e` — the admin in a real browser (Debian chromium via playwright-core)
 * against the demo shop: see admin.e2e.ts for the flows. Screenshots go to
 * test-results/screenshots, server logs to test-results/e2e-logs.
 *
 *   --no-build   use the current plugin build (.medusa/server) instead of building first
 *   --keep       leave the shop running after the tests (Ctrl-C stops it)
 */
import path from "node:path"
import { REPO_ROOT } from "../support/host"
import { STEPS, type Ctx } from "./admin.e2e"
import { Shots, launch } from "./browser"
import { startStack } from "./stack"

const args = new Set(process.argv.slice(2))
const SHOTS = path.join(REPO_ROOT, "test-results", "screenshots")
const LOGS = path.join(REPO_ROOT, "test-results", "e2e-logs")
const secs = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`
const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`)

async function main(): Promise<number> {
  const started = Date.now()
  const stack = await startStack({ logDir: LOGS, log, build: !args.has("--no-build") })
  log(`shop ready at ${stack.baseUrl} (${secs(started)}); order #${stack.order.display_id} ${stack.order.id}`)
  const browser = await launch()
  const shots = new Shots(SHOTS)
  let failed = 0
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: "en-US",
      timezoneId: "Europe/Kyiv",
    })
    context.setDefaultTimeout(30_000)
    const page = await context.newPage()
    const pageErrors: string[] = []
    page.on("pageerror", (e) => pageErrors.push(e.message))
    const ctx: Ctx = { stack, context, page, shots, log }
    for (const step of STEPS) {
      const t = Date.now()
      try {
        await step.run(ctx)
        log(`✓ ${step.name} (${secs(t)})`)
      } catch (e) {
        failed++
        log(
          `✗ ${step.name} (${secs(t)})\n${String((e as Error)?.stack ?? e)
            .split("\n")
            .map((l) => `    ${l}`)
            .join("\n")}`
        )
        await shots.take(page, `FAILED-${step.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 40)}`).catch(() => undefined)
        break
      }
    }
    if (pageErrors.length) {
      failed++
      log(`✗ uncaught errors in the admin page:\n    ${pageErrors.join("\n    ")}`)
    }
  } finally {
    await browser.close().catch(() => undefined)
    log(
      `${shots.taken.length} screenshots in ${path.relative(REPO_ROOT, SHOTS)}; server logs in ${path.relative(REPO_ROOT, LOGS)}`
    )
    if (args.has("--keep") && !failed) {
      log(`shop still running at ${stack.baseUrl} (admin ${"admin@example.com"} / supersecret); Ctrl-C stops it`)
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve())
        process.once("SIGTERM", () => resolve())
      })
    }
    await stack.stop()
  }
  log(failed ? `FAILED (${secs(started)})` : `all ${STEPS.length} steps passed (${secs(started)})`)
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`could not run the browser tests: ${e?.stack ?? e}`)
    process.exit(1)
  }
)
