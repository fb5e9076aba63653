import { spawn } from "child_process"
import * as path from "path"
import type { CaseResult } from "./hostile/child"
import { HOSTILE_CASES } from "./hostile/cases"

/**
 * Issue 11 §1: hostile templates are refused (with a reason that names the
 * limit) or render within the limits, both when sent (render) and when saved
 * (validate). They run in child processes whose V8 heap is capped at 256 MB:
 * a template that exhausts memory kills its child, which is reported against
 * that template, and a new child carries on with the next one.
 */

const CHILD = path.join(__dirname, "hostile", "child.ts")
const HEAP_MB = 256
/** Only a safety net against a template that never ends; with the limits each case takes milliseconds. */
const HUNG_AFTER_MS = 60_000

type Outcome = CaseResult | { crashed: string }

function runChild(from: number, outcomes: Map<number, Outcome>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, "-r", "ts-node/register/transpile-only", CHILD, String(from)],
      {
        cwd: path.resolve(__dirname, "../../../../.."),
        stdio: ["ignore", "pipe", "pipe"],
      }
    )
    let current = -1
    let pending = ""
    let stderr = ""
    let hung = false
    let watchdog = setTimeout(() => undefined, 0)
    const arm = () => {
      clearTimeout(watchdog)
      watchdog = setTimeout(() => {
        hung = true
        child.kill("SIGKILL")
      }, HUNG_AFTER_MS)
    }
    arm()
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000)
    })
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString()
      let newline: number
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline)
        pending = pending.slice(newline + 1)
        const start = /^START (\d+)$/.exec(line)
        const result = /^RESULT (\d+) (.*)$/.exec(line)
        if (start) {
          current = Number(start[1])
          arm()
        } else if (result) {
          outcomes.set(Number(result[1]), JSON.parse(result[2]) as CaseResult)
          current = -1
        }
      }
    })
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(watchdog)
      if (current >= 0) {
        const how = hung ? `still running after ${HUNG_AFTER_MS} ms` : `child died (exit ${code}, signal ${signal})`
        outcomes.set(current, { crashed: `${how}: ${stderr.split("\n").filter(Boolean).slice(-3).join(" | ")}` })
        resolve(current + 1)
      } else if (code !== 0) {
        reject(new Error(`hostile-template child failed (exit ${code}): ${stderr}`))
      } else {
        resolve(HOSTILE_CASES.length)
      }
    })
  })
}

const outcomes = new Map<number, Outcome>()

beforeAll(async () => {
  let next = 0
  while (next < HOSTILE_CASES.length) next = await runChild(next, outcomes)
}, 15 * 60_000)

describe("hostile templates (run in a child process with a 256 MB heap)", () => {
  const titles = HOSTILE_CASES.map((c, i) => [c.today ? `${c.name} (the reported blow-up)` : c.name, i] as const)
  it.each(titles)("%s", (_name, index) => {
    const c = HOSTILE_CASES[index]
    const outcome = outcomes.get(index)
    expect(outcome).toBeDefined()
    if (!outcome || "crashed" in outcome)
      throw new Error(`The template took the process down: ${outcome?.crashed ?? "no result"}`)

    if (c.expect === "refused") {
      expect(outcome.render).toMatchObject({ status: "refused" })
      if (outcome.render.status !== "refused") return
      expect(["limit", "too_large"]).toContain(outcome.render.kind)
      expect(outcome.render.reason).toMatch(c.reason!)
    } else {
      expect(outcome.render).toMatchObject({ status: "rendered" })
      if (outcome.render.status === "rendered") expect(outcome.render.length).toBeLessThanOrEqual(20_000)
    }

    // Saving runs the same limits: the admin is told which one.
    expect(outcome.validation).not.toHaveProperty("failed")
    if (!("ok" in outcome.validation)) return
    if (c.validateRefuses) {
      expect(outcome.validation.ok).toBe(false)
      expect(outcome.validation.messages.some((message) => c.reason!.test(message))).toBe(true)
    } else if (c.expect === "rendered") {
      expect(outcome.validation.messages.filter((message) => /limit|longer than|deeper than/.test(message))).toEqual([])
    }
  })
})
