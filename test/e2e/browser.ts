/**
 * Small helpers over playwright-core for the admin browser tests: Debian's chromium,
 * named screenshots, layout checks and waiting for text.
 */
import fs from "node:fs"
import path from "node:path"
import { chromium, type Browser, type Locator, type Page } from "playwright-core"
import { waitFor } from "../support/wait"

export const CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CHROMIUM_PATHS].find((p) => p && fs.existsSync(p))
  if (!found)
    throw new Error(
      `chromium not found (${CHROMIUM_PATHS.join(", ")}): apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH`
    )
  return found
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  })
}

export class Shots {
  readonly taken: string[] = []
  private n = 0
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true })
    for (const f of fs.readdirSync(dir)) if (f.endsWith(".png")) fs.rmSync(path.join(dir, f))
  }
  /** Screenshot of the page (or one element) as `NN-name.png`. */
  async take(target: Page | Locator, name: string): Promise<string> {
    const file = path.join(this.dir, `${String(++this.n).padStart(2, "0")}-${name}.png`)
    await target.screenshot({ path: file, animations: "disabled" })
    this.taken.push(file)
    return file
  }
}

/** Fails when the element is wider than its box (content pushed out sideways). */
export async function assertNoOverflow(page: Page, selector: string): Promise<void> {
  const result = await page
    .locator(selector)
    .first()
    .evaluate((root) => {
      const offenders: string[] = []
      if (root.scrollWidth > root.clientWidth + 1)
        offenders.push(`root scrollWidth ${root.scrollWidth} > ${root.clientWidth}`)
      const box = root.getBoundingClientRect()
      for (const el of Array.from(root.querySelectorAll<HTMLElement>("*"))) {
        // inside a horizontal scroller (tables) overflowing is the point
        if (el.closest(".overflow-x-auto, .overflow-auto, pre")) continue
        const r = el.getBoundingClientRect()
        if (r.width > 0 && r.right > box.right + 1) {
          offenders.push(
            `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 3).join(".")} "${(el.textContent ?? "").trim().slice(0, 40)}" right=${Math.round(r.right)} > ${Math.round(box.right)}`
          )
          if (offenders.length > 5) break
        }
      }
      return offenders
    })
  if (result.length) throw new Error(`layout overflows ${selector}:\n  ${result.join("\n  ")}`)
}

export async function waitForText(scope: Page | Locator, text: string | RegExp, timeout = 30_000): Promise<Locator> {
  const loc = scope.getByText(text).first()
  await loc.waitFor({ state: "visible", timeout })
  return loc
}

/** Pick an option of a @medusajs/ui (Radix) Select. */
export async function choose(page: Page, trigger: Locator, option: string | RegExp): Promise<void> {
  await trigger.click()
  await page.getByRole("option", { name: option }).first().click()
}

/** waitFor (test/support/wait.ts) with the browser tests' defaults: 30 s, every 250 ms. */
export async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeout = 30_000,
  every = 250
): Promise<T> {
  return (await waitFor(what, check, timeout, every)) as T
}
