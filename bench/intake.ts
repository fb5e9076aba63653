/**
 * Intake benchmark (BENCH_ONLY=intake):
 *  A. a backlog of 10,000 lead mails (real MIME, Windows-1251 attachments) in a real dovecot
 *     mailbox, imported by one run of the mailbox collector in a `medusa exec` process:
 *     mails per second (goal ≥ 100) and memory growth of that process (goal ≤ 100 MB);
 *  B. HTTP leads posted to one `medusa start` process for 10 s, 64 in flight: accepted per
 *     second (goal ≥ 1,000).
 * The payloads are contact leads without lines (a lead with lines also makes a Medusa draft
 * order, a workflow of its own that this does not measure).
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import http from "node:http"
import os from "node:os"
import path from "node:path"
import { type Dovecot, startDovecot } from "../test/support/dovecot"
import { createDatabase, dropDatabase } from "../test/support/db"
import { freePort } from "../test/support/free-port"
import { leadMail } from "../test/support/intake-mail"
import { toCp1251 } from "../test/support/intake"
import { busyShare, machineTicks } from "./lib/cpu"
import { type BenchContext, type BenchResult, round } from "./lib/context"
import { spawnBenchMedusa, startHost, stopProc, waitHealthy } from "./lib/proc"
import { judge } from "./lib/report"

export const INTAKE_MAILS = Number(process.env.BENCH_INTAKE_MAILS ?? 10_000)
const HTTP_SECONDS = Number(process.env.BENCH_INTAKE_HTTP_SECONDS ?? 10)
const SECRET = "bench-website-secret-0123456789"

/** Mails straight into the Maildir (dovecot indexes them on the first login): seconds instead of 10,000 APPENDs. */
async function fillMaildir(imap: Dovecot, n: number): Promise<void> {
  const dir = path.join(imap.dir, "home", imap.user, "Maildir")
  for (const sub of ["cur", "new", "tmp"]) fs.mkdirSync(path.join(dir, sub), { recursive: true })
  for (let i = 0; i < n; i++) {
    const payload = JSON.stringify({
      Тема: `Заявка ${i}`,
      Телефон: `+7925${String(i).padStart(7, "0")}`,
      КонтактноеЛицо: `Клиент ${i}`,
      Описание: "Перезвоните, пожалуйста",
    })
    const mail = await leadMail({
      subject: `ORDER: ${i}`,
      messageId: `<bench-${i}@website.test>`,
      attachments: [{ filename: "order.txt", content: toCp1251(payload) }],
    })
    fs.writeFileSync(path.join(dir, "new", `${Date.now()}.M${i}P${process.pid}.bench`), mail)
  }
  execFileSync("chown", ["-R", "65534:65534", path.join(imap.dir, "home")])
}

function execIntake(ctx: BenchContext, db: string, input: unknown): Promise<any> {
  const proc = spawnBenchMedusa(
    `intake-${(input as any).mode}`,
    ["exec", "./src/scripts/bench-intake.ts"],
    {
      ...ctx.baseEnv,
      DATABASE_URL: ctx.pg.url(db),
      INTAKE_MAILBOX_JOB: "off",
      BENCH_INTAKE: JSON.stringify(input),
      MESSAGING_PLUGIN_OPTIONS: JSON.stringify(ctx.pluginOptions()),
    },
    ctx.logDir
  )
  return new Promise((resolve, reject) => {
    proc.onLine((line) => {
      const at = line.indexOf("BENCH_INTAKE ")
      if (at >= 0) resolve(JSON.parse(line.slice(at + "BENCH_INTAKE ".length)))
    })
    void proc.exited.then((code) => reject(new Error(`bench-intake exited (${code}):\n${proc.tail(30)}`)))
  })
}

async function blast(url: string, seconds: number, inFlight: number): Promise<{ accepted: number; other: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight })
  const until = Date.now() + seconds * 1000
  let accepted = 0
  let other = 0
  let n = 0
  const one = () =>
    new Promise<void>((resolve) => {
      const body = toCp1251(
        JSON.stringify({ Телефон: `+7926${String(n++).padStart(7, "0")}`, КонтактноеЛицо: "Клиент" })
      )
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${SECRET}`,
            "content-type": "application/json; charset=windows-1251",
            "content-length": body.length,
          },
        },
        (res) => {
          res.resume()
          res.on("end", () => (res.statusCode === 201 ? accepted++ : other++, resolve()))
        }
      )
      req.on("error", () => (other++, resolve()))
      req.end(body)
    })
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < until) await one()
    })
  )
  agent.destroy()
  return { accepted, other }
}

export async function runIntakeBench(ctx: BenchContext): Promise<BenchResult> {
  const before = os.loadavg()
  const ticks = machineTicks()
  const started = Date.now()
  const details: string[] = []
  const imap = await startDovecot()
  const db = "bench_intake"
  try {
    let t = Date.now()
    await fillMaildir(imap, INTAKE_MAILS)
    ctx.log(`intake: ${INTAKE_MAILS} mails in the Maildir (${((Date.now() - t) / 1000).toFixed(1)} s)`)
    await createDatabase(ctx.pg, db, ctx.templateDb)
    const mail = await execIntake(ctx, db, {
      mode: "mailbox",
      imap: { host: imap.host, port: imap.port, user: imap.user },
      password: imap.password,
    })
    if (!mail.run?.ok) throw new Error(`mailbox run failed: ${JSON.stringify(mail.run)}`)
    const perSecond = mail.leads / mail.seconds
    details.push(
      `A. ${mail.leads} leads from ${INTAKE_MAILS} mails in ${mail.seconds.toFixed(1)} s (IMAP search, envelopes, sources in chunks of 250, 8 leads written at once); result ${JSON.stringify(mail.run.result)}; peak RSS growth ${mail.rss_growth_mb.toFixed(0)} MB, heap growth ${mail.heap_growth_mb.toFixed(0)} MB.`
    )
    await dropDatabase(ctx.pg, db)

    t = Date.now()
    await createDatabase(ctx.pg, db, ctx.templateDb)
    const { collector_id } = await execIntake(ctx, db, { mode: "http", secret: SECRET })
    const port = await freePort()
    const host = await startHost(
      "intake-http",
      port,
      {
        ...ctx.baseEnv,
        DATABASE_URL: ctx.pg.url(db),
        INTAKE_MAILBOX_JOB: "off",
        MESSAGING_PLUGIN_OPTIONS: JSON.stringify(ctx.pluginOptions()),
      },
      ctx.logDir
    )
    let httpFigures = { accepted: 0, other: 0 }
    try {
      await waitHealthy(host)
      await blast(`${host.url}/hooks/intake/${collector_id}`, 2, 16)
      httpFigures = await blast(`${host.url}/hooks/intake/${collector_id}`, HTTP_SECONDS, 64)
    } finally {
      await stopProc(host.proc)
    }
    details.push(
      `B. ${httpFigures.accepted} leads accepted (201) in ${HTTP_SECONDS} s after a 2 s warm-up, ${httpFigures.other} other answers; Windows-1251 bodies with a bearer secret, 64 requests in flight over keep-alive, one \`medusa start\` process.`
    )
    return {
      name: "intake",
      title: "6. Intake",
      rows: [
        judge({
          metric: "mailbox backlog import",
          value: round(perSecond),
          unit: "mails/s",
          goal: "≥ 100",
          met: perSecond >= 100,
        }),
        judge({
          metric: "memory growth during the import",
          value: round(mail.rss_growth_mb),
          unit: "MB",
          goal: "≤ 100",
          met: mail.rss_growth_mb <= 100,
        }),
        judge({
          metric: "HTTP leads accepted",
          value: round(httpFigures.accepted / HTTP_SECONDS),
          unit: "leads/s",
          goal: "≥ 1000",
          met: httpFigures.accepted / HTTP_SECONDS >= 1000,
        }),
      ],
      details,
      ms: Date.now() - started,
      loadavg: { before, after: os.loadavg() },
      machineBusy: busyShare(ticks, machineTicks()),
    }
  } finally {
    await dropDatabase(ctx.pg, db).catch(() => undefined)
    await imap.stop()
  }
}
