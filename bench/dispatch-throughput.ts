/**
 * 1. Dispatch throughput: 10,000 queued SMS to the fake BSG server answering after
 * 100 ms, sent by our dispatcher in 1 and in 2 worker processes, and the same number of
 * messages through Medusa's Notification Module (createNotifications with a provider
 * that makes one HTTP request per message) against the same fake, in the same run.
 */
import os from "node:os"
import { parsePluginOptions } from "../src/modules/messaging/options"
import { bsgReference } from "../src/modules/messaging/providers/bsg-reference"
import {
  BENCH_ACCOUNT_CONFIG,
  BENCH_BATCH_SIZE,
  BSG_API_KEY,
  type BenchContext,
  type BenchResult,
  mean,
  median,
  round,
  timed,
} from "./lib/context"
import { createDatabase, dropDatabase, query } from "../test/support/db"
import { sleep } from "../test/support/wait"
import { backendsCpu, backendsDelta, busyShare, groupCpuMs, machineTicks } from "./lib/cpu"
import fs from "node:fs"
import path from "node:path"
import { formatSummary, summarizeProfile } from "./lib/profile"
import { type Worker, startWorker } from "./lib/proc"

export const MESSAGES = Number(process.env.BENCH_DISPATCH_MESSAGES ?? 10_000)
/** Each dispatcher measurement is repeated (1 worker, 2 workers, 1 worker, …); the median run is reported. */
const REPEATS = Number(process.env.BENCH_DISPATCH_REPEATS ?? 3)
export const NOTIFICATION_MESSAGES = Number(process.env.BENCH_NOTIFICATION_MESSAGES ?? 5_000)
const DB = "bench_dispatch"
/** Rounds in flight per worker: the plugin's default (the benchmark does not set it). */
const ROUNDS_IN_FLIGHT = parsePluginOptions({}).dispatch.rounds_in_flight

interface RunFigures {
  /** CPU per message during the run: worker process(es), Postgres backends of the database, the benchmark process (the fake) */
  cpu?: { workerUs: number; postgresUs: number; fakeUs: number; machineBusy: number | null }
  messages: number
  seconds: number
  perSecond: number
  perWorker: Record<string, number>
  rounds: number
  profile: RoundProfile
}

interface RoundProfile {
  rounds: number
  meanBatch: number
  /** claimed_at → first request at the fake: the claim query, anything before the first send, building the request */
  claimMs: number
  /** first request at the fake → sent_at: the provider round trips (100 ms each) */
  sendMs: number
  /** sent_at → the same worker's next claimed_at: markAccepted + timeline insert + loop */
  afterMs: number
  roundMs: number
  requestsPerRound: number
}

/** First claim → last `sent` of the run, from the outbox rows; per-round phases from the rows and the fake. */
async function measureRun(ctx: BenchContext, since: number, prefix: string): Promise<RunFigures> {
  const run = `${prefix}|%`
  const [totals] = await query(
    ctx.pg.url(DB),
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'sent')::int AS sent,
            extract(epoch FROM min(claimed_at)) * 1000 AS first_claim, extract(epoch FROM max(sent_at)) * 1000 AS last_sent
       FROM messaging_message WHERE idempotency_key LIKE $1`,
    [run]
  )
  if (totals.sent !== totals.n) {
    const states = await query(
      ctx.pg.url(DB),
      `SELECT status, error, count(*)::int AS n FROM messaging_message WHERE idempotency_key LIKE $1 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5`,
      [run]
    )
    throw new Error(`not every message was sent: ${JSON.stringify(states)}`)
  }
  const rounds = await query<{ claimed_by: string; claimed_at: number; sent_at: number; n: number; ids: string[] }>(
    ctx.pg.url(DB),
    // a round = one claim (worker + claimed_at); its requests' results are written as each
    // answer arrives, so its rows carry several sent_at: the round ends at the last one
    `SELECT claimed_by, extract(epoch FROM claimed_at) * 1000 AS claimed_at, extract(epoch FROM max(sent_at)) * 1000 AS sent_at,
            count(*)::int AS n, array_agg(id) AS ids
       FROM messaging_message WHERE idempotency_key LIKE $1 GROUP BY 1, 2 ORDER BY 2`,
    [run]
  )
  // when the fake received the request carrying each message (our id is BSG's reference)
  const requestAt = new Map<string, number>()
  const requestOf = new Map<string, number>()
  ctx.bsg.requests.forEach((r, index) => {
    if (r.at.getTime() < since || !/\/sms\/create$/.test(r.path)) return
    const refs: string[] = Array.isArray(r.body?.phones)
      ? r.body.phones.map((p: any) => p.reference)
      : [r.body?.reference]
    for (const ref of refs) {
      requestAt.set(ref, r.at.getTime())
      requestOf.set(ref, index)
    }
  })
  if (process.env.BENCH_DEBUG_ROUNDS) {
    const t0 = rounds[0]?.claimed_at ?? 0
    for (const r of rounds)
      console.log(
        `    round ${r.claimed_by} claimed +${Math.round(r.claimed_at - t0)} ms, sent +${Math.round(r.sent_at - t0)} ms, ${r.n} rows`
      )
  }
  const perWorker: Record<string, number> = {}
  const claim: number[] = []
  const send: number[] = []
  const after: number[] = []
  const whole: number[] = []
  const requests: number[] = []
  const lastSentBy = new Map<string, number>()
  for (const r of rounds) {
    perWorker[r.claimed_by] = (perWorker[r.claimed_by] ?? 0) + r.n
    const ats = r.ids.map((id) => requestAt.get(bsgReference(id))).filter((v): v is number => v !== undefined)
    const firstRequest = Math.min(...ats)
    claim.push(firstRequest - r.claimed_at)
    send.push(r.sent_at - firstRequest)
    requests.push(new Set(r.ids.map((id) => requestOf.get(bsgReference(id)))).size)
    const previous = lastSentBy.get(r.claimed_by)
    if (previous !== undefined) after.push(r.claimed_at - previous)
    lastSentBy.set(r.claimed_by, r.sent_at)
  }
  // a worker's round: from its claim to its next claim
  const byWorker = new Map<string, number[]>()
  for (const r of rounds) byWorker.set(r.claimed_by, [...(byWorker.get(r.claimed_by) ?? []), r.claimed_at])
  for (const starts of byWorker.values()) for (let i = 1; i < starts.length; i++) whole.push(starts[i] - starts[i - 1])
  const seconds = (totals.last_sent - totals.first_claim) / 1000
  return {
    messages: totals.n,
    seconds,
    perSecond: totals.n / seconds,
    perWorker,
    rounds: rounds.length,
    profile: {
      rounds: rounds.length,
      meanBatch: mean(rounds.map((r) => r.n)),
      claimMs: median(claim),
      sendMs: median(send),
      afterMs: median(after),
      roundMs: median(whole),
      requestsPerRound: median(requests),
    },
  }
}

export async function runDispatchThroughput(ctx: BenchContext): Promise<BenchResult> {
  return timed(async () => {
    await createDatabase(ctx.pg, DB, ctx.templateDb)
    const env = {
      ...ctx.baseEnv,
      DATABASE_URL: ctx.pg.url(DB),
      MESSAGING_PLUGIN_OPTIONS: JSON.stringify(ctx.pluginOptions({ dispatch: { dispatch_on_enqueue: false } })),
      BENCH_NOTIFICATION_URL: ctx.bsg.url,
      BENCH_NOTIFICATION_API_KEY: BSG_API_KEY,
    }
    // One after the other: the first boot on a fresh database creates Medusa's default
    // store, and two processes doing that at once race on its unique price preference.
    const workers: Worker[] = [startWorker("dispatch-worker-1", env, ctx.logDir)]
    try {
      await workers[0].ready
      workers.push(startWorker("dispatch-worker-2", env, ctx.logDir))
      await workers[1].ready
      ctx.log(`  2 worker processes up (medusa exec bench-worker.ts)`)

      const backends = async () =>
        backendsCpu(
          (
            await query<{ pid: number }>(
              ctx.pg.url("postgres"),
              `SELECT pid FROM pg_stat_activity WHERE datname = $1`,
              [DB]
            )
          ).map((r) => r.pid)
        )
      // ── our dispatcher: 1 and 2 worker processes, REPEATS times each, interleaved
      const runs: { one: RunFigures[]; two: RunFigures[] } = { one: [], two: [] }
      let oneProfile: string | null = null
      for (let rep = 0; rep < REPEATS; rep++) {
        for (const n of [1, 2] as const) {
          const t0 = Date.now()
          const prefix = `r${rep}w${n}`
          const enq = await workers[0].call("enqueue", { n: MESSAGES, prefix })
          if (rep === 0 && n === 1)
            ctx.log(
              `  enqueued ${enq.created} SMS in ${(enq.ms / 1000).toFixed(1)} s (enqueueMessages, 1,000 per call)`
            )
          const workerCpu = () => workers.slice(0, n).reduce((sum, w) => sum + (groupCpuMs(w.proc.child.pid) ?? NaN), 0)
          const pg0 = await backends()
          const w0 = workerCpu()
          const self0 = process.cpuUsage()
          const ticks0 = machineTicks()
          // what the database is doing meanwhile (BENCH_DEBUG_ROUNDS): sampled every 100 ms into the log directory
          let sampling = !!process.env.BENCH_DEBUG_ROUNDS
          const sampler = (async () => {
            while (sampling) {
              const act = await query(
                ctx.pg.url("postgres"),
                `SELECT pid, datname, backend_type, state, wait_event_type, wait_event, left(query, 60) AS q FROM pg_stat_activity WHERE (state IS NULL OR state <> 'idle') AND pid <> pg_backend_pid() AND backend_type <> 'client backend' OR (datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid())`,
                [DB]
              ).catch(() => [])
              fs.appendFileSync(
                path.join(ctx.logDir, "pg-activity.jsonl"),
                JSON.stringify({ t: Date.now(), rep, workers: n, act }) + "\n"
              )
              await sleep(100)
            }
          })()
          const calls = await Promise.all(workers.slice(0, n).map((w) => w.call("dispatch")))
          sampling = false
          await sampler
          const machineBusy = busyShare(ticks0, machineTicks())
          const self = process.cpuUsage(self0)
          const cpu = {
            workerUs: ((workerCpu() - w0) * 1000) / MESSAGES,
            postgresUs: ((backendsDelta(pg0, await backends()) ?? NaN) * 1000) / MESSAGES,
            fakeUs: (self.user + self.system) / MESSAGES,
            machineBusy,
          }
          if (n === 1 && calls[0].profile && !oneProfile) {
            oneProfile = formatSummary(summarizeProfile(calls[0].profile))
            ctx.log(`  1-worker dispatch ${oneProfile.replace(/\n/g, "\n  ")}`)
          }
          const fig = { ...(await measureRun(ctx, t0, prefix)), cpu }
          ;(n === 1 ? runs.one : runs.two).push(fig)
          const debug = process.env.BENCH_DEBUG_ROUNDS
            ? {
                checkpointer: (
                  await query(ctx.pg.url("postgres"), `SELECT * FROM pg_stat_checkpointer`).catch(() => [])
                )[0],
                tables: await query(
                  ctx.pg.url(DB),
                  `SELECT relname, n_live_tup, n_dead_tup, n_tup_upd, n_tup_hot_upd, last_autovacuum, last_autoanalyze, autovacuum_count, autoanalyze_count FROM pg_stat_user_tables WHERE relname LIKE 'messaging_message%'`
                ),
              }
            : {}
          fs.appendFileSync(
            path.join(ctx.logDir, "dispatch-runs.jsonl"),
            JSON.stringify({ rep, workers: n, ...fig, ...debug }) + "\n"
          )
          ctx.log(
            `  ${n} worker${n === 1 ? " " : "s"}: ${round(fig.perSecond)} msg/s (${fig.messages} in ${fig.seconds.toFixed(2)} s, ${fig.rounds} rounds${n === 2 ? `; per worker ${Object.values(fig.perWorker).join(" + ")}` : ""})`
          )
          if (n === 2 && Object.keys(fig.perWorker).length !== 2)
            ctx.log(`  (only ${Object.keys(fig.perWorker).length} worker claimed messages)`)
        }
      }
      const medianRun = (list: RunFigures[]) =>
        [...list].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(list.length / 2)]
      const one = medianRun(runs.one)
      const two = medianRun(runs.two)
      const all = (list: RunFigures[]) => list.map((r) => round(r.perSecond)).join(", ")

      // ── the Notification Module path on the same fake
      const before = ctx.bsg.requests.length
      const npg0 = await backends()
      const nw0 = groupCpuMs(workers[0].proc.child.pid) ?? NaN
      const nself0 = process.cpuUsage()
      const nticks0 = machineTicks()
      const notify = await workers[0].call("notify", {
        n: NOTIFICATION_MESSAGES,
        concurrency: BENCH_ACCOUNT_CONFIG.concurrency,
        prefix: "nt",
      })
      const nself = process.cpuUsage(nself0)
      const notiProfile = notify.profile ? formatSummary(summarizeProfile(notify.profile)) : null
      if (notiProfile) ctx.log(`  Notification Module path ${notiProfile.replace(/\n/g, "\n  ")}`)
      const notiCpu = {
        workerUs: (((groupCpuMs(workers[0].proc.child.pid) ?? NaN) - nw0) * 1000) / NOTIFICATION_MESSAGES,
        postgresUs: ((backendsDelta(npg0, await backends()) ?? NaN) * 1000) / NOTIFICATION_MESSAGES,
        fakeUs: (nself.user + nself.system) / NOTIFICATION_MESSAGES,
        machineBusy: busyShare(nticks0, machineTicks()),
      }
      const received = ctx.bsg.requests.slice(before).filter((r) => /\/sms\/create$/.test(r.path)).length
      const [noti] = await query(
        ctx.pg.url(DB),
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'success')::int AS ok FROM notification`
      )
      const notiPerSecond = notify.sent / (notify.ms / 1000)
      ctx.log(
        `  Notification Module: ${round(notiPerSecond, 1)} msg/s (${notify.sent} in ${(notify.ms / 1000).toFixed(1)} s, ${notify.failed} failed; fake got ${received} requests; ${noti.ok}/${noti.n} notification rows "success")`
      )

      const ratio1 = one.perSecond / notiPerSecond
      const ratio2 = two.perSecond / notiPerSecond
      const perWorker2 = two.perSecond / 2
      const p = one.profile
      const q = two.profile
      const rows = [
        {
          metric: "our dispatcher, 1 worker process",
          value: round(one.perSecond),
          unit: "msg/s",
          goal: ">= 2000 per worker",
          met: one.perSecond >= 2000,
          note: `median of ${runs.one.length} runs (${all(runs.one)}); ${one.messages} SMS in ${one.seconds.toFixed(2)} s, first claim → last sent`,
        },
        {
          metric: "our dispatcher, 2 worker processes",
          value: round(two.perSecond),
          unit: "msg/s",
          goal: ">= 4000 (2000 per worker)",
          met: perWorker2 >= 2000,
          note: `median of ${runs.two.length} runs (${all(runs.two)}); ${round(perWorker2)} msg/s per worker; rows per worker ${Object.values(two.perWorker).join(" / ")}`,
        },
        {
          metric: "Notification Module path (createNotifications)",
          value: round(notiPerSecond, 1),
          unit: "msg/s",
          note: `${notify.sent} SMS in ${(notify.ms / 1000).toFixed(1)} s, ${notify.failed} failed; ${(notiCpu.workerUs / 1000).toFixed(1)} ms of CPU per message in the worker = ${round((notiCpu.workerUs * notiPerSecond) / 1e4)} % of one core`,
        },
        {
          metric: "ratio ours (1 worker) / Notification Module",
          value: round(ratio1, 1),
          unit: "x",
          goal: ">= 20",
          met: ratio1 >= 20,
        },
        {
          metric: "ratio ours (2 workers) / Notification Module",
          value: round(ratio2, 1),
          unit: "x",
          goal: ">= 20",
          met: ratio2 >= 20,
        },
        { metric: "scaling 2 workers / 1 worker", value: round(two.perSecond / one.perSecond, 2), unit: "x" },
        {
          metric: "CPU per message, worker + Postgres: ours (1 worker) / Notification Module",
          value: one.cpu
            ? `${round(one.cpu.workerUs + one.cpu.postgresUs)} / ${round(notiCpu.workerUs + notiCpu.postgresUs)}`
            : "n/a",
          unit: "µs",
          note: one.cpu
            ? `the Notification Module path uses ${round((notiCpu.workerUs + notiCpu.postgresUs) / (one.cpu.workerUs + one.cpu.postgresUs), 1)}× the CPU per message`
            : "",
        },
      ]
      const cpuText = (c: RunFigures["cpu"], plural = false) =>
        c
          ? `${round(c.workerUs)} µs in the worker process${plural ? "es" : ""} + ${Number.isNaN(c.postgresUs) ? "?" : round(c.postgresUs)} µs in Postgres + ${round(c.fakeUs)} µs in the benchmark process (the fake BSG server) per message; the machine's ${os.cpus().length} cores were ${c.machineBusy === null ? "?" : round(c.machineBusy * 100)} % busy`
          : "not measured"
      const phase = (x: RoundProfile) =>
        `${x.rounds} rounds in all, of ${round(x.meanBatch)} messages (${x.requestsPerRound} requests of 50), up to ${ROUNDS_IN_FLIGHT} in flight per worker; in the median round, claim → first request ${round(x.claimMs)} ms, first request → all answered and marked sent ${round(x.sendMs)} ms; a worker claims its next batch every ${round(x.roundMs)} ms (median gap between its claims)`
      const c = ctx.costs
      const details = [
        `**Workload.** ${MESSAGES.toLocaleString("en-US")} SMS, each with its own text (~105 characters, GSM-7, one segment) and phone, written to the outbox with \`enqueueMessages\` (queued, due now) before the clock starts; the rows of earlier runs stay in the outbox (sent), as in a shop. Each of our two measurements runs ${REPEATS} times, interleaved (1 worker, 2 workers, 1 worker, …); the tables show the median run and list all runs. ` +
          `Fake BSG server (\`test/fakes/bsg.ts\`) in the benchmark process, \`latencyMs: 100\` on every request, balance 1e9.`,
        `**Our dispatcher.** \`medusa exec\` worker processes (integration-tests/host/src/scripts/bench-worker.ts) call \`messaging.dispatchNow()\` until nothing is queued or sending. ` +
          `Account config: \`rate_per_second: ${BENCH_ACCOUNT_CONFIG.rate_per_second}\` (token bucket; BSG default 10), \`concurrency: ${BENCH_ACCOUNT_CONFIG.concurrency}\` (requests in flight per account and process; default 4; 16 is also the adapter's keep-alive agent's maxSockets), ` +
          `\`dispatch.batch_size: ${BENCH_BATCH_SIZE}\` (rows claimed per round; default 100), \`dispatch.rounds_in_flight: ${ROUNDS_IN_FLIGHT}\` (the default: while one round waits for the provider, the next claims its batch; both share the account's ${BENCH_ACCOUNT_CONFIG.concurrency} requests in flight). BSG takes up to 50 messages per request (\`destination: "individual"\`), so a round is ${BENCH_BATCH_SIZE / 50} requests. ` +
          `Every message gets its outbox row updated to \`sent\` and a timeline row, as in production. Time = first \`claimed_at\` → last \`sent_at\` in the outbox.`,
        `**Notification Module path.** ${NOTIFICATION_MESSAGES.toLocaleString("en-US")} of the same SMS${NOTIFICATION_MESSAGES !== MESSAGES ? ` (fewer than ${MESSAGES.toLocaleString("en-US")} to keep the run short: this path makes one request per message and has no batching or rounds, so its rate does not depend on the count; \`BENCH_NOTIFICATION_MESSAGES=${MESSAGES}\` runs all of them)` : ""}. The same worker process calls Medusa's \`notificationModuleService.createNotifications({ to, channel: "sms", template, content: { text }, data: { reference }, idempotency_key })\` — one notification per call, ` +
          `${BENCH_ACCOUNT_CONFIG.concurrency} callers in parallel (the same number of requests in flight as our dispatcher in one process). ` +
          `The provider (bench/notification-http-provider) is what a Notification Module SMS provider is: \`send()\` receives one notification and makes one awaited HTTP request (axios, keep-alive) to BSG's single-message endpoint (\`POST /sms/create\`, \`destination: "phone"\`). ` +
          `Per notification Medusa lists existing notifications by idempotency key, looks up the provider for the channel, inserts the row (one transaction), calls the provider, and updates the row's status. Time = first call → last call returned, in the worker. ` +
          `This path is bound by the worker's CPU, not by the provider's 100 ms: ${(notiCpu.workerUs / 1000).toFixed(1)} ms of CPU per notification (mostly MikroORM work in Medusa's Notification Module for inserting and updating the notification row, plus one HTTP request), ${round((notiCpu.workerUs * notiPerSecond) / 1e4)} % of one core at the measured rate — more callers in parallel would not make it much faster.`,
        `**Where a round goes (1 worker, median run).** ${phase(p)}.`,
        `**Where a round goes (2 workers, median run).** ${phase(q)}.`,
        `**CPU per message** (user+system time from /proc during the run; Postgres = the backends connected to the benchmark's database): 1 worker ${cpuText(one.cpu)}; 2 workers ${cpuText(two.cpu, true)}; Notification Module path ${cpuText(notiCpu)}.`,
        `**What a message costs in a round** (unit costs measured on this machine during this run): its timeline row gets an id from \`newId\` (a ulid drawing on a pooled CSPRNG buffer, ${c.pooledUlidUs.toFixed(1)} µs; Medusa's \`generateEntityId\` takes ${c.entityIdUs.toFixed(1)} µs here because ulid 2.4 calls \`crypto.randomBytes(1)\` 16 times per id — ≈ ${round((p.meanBatch * c.entityIdUs) / 1000)} ms of CPU per round of ${round(p.meanBatch)}); ` +
          `no request/response summary is built while the debug log is off (building and masking one costs ${(c.maskPerRequestUs / 1000).toFixed(2)} ms per 50-message request, ≈ ${round((p.requestsPerRound * c.maskPerRequestUs) / 1000)} ms per round); ` +
          `the outbox rows are updated in one statement per round and the timeline rows inserted as one JSON parameter. With rounds overlapping, the claim and the bookkeeping of one round run while another waits the provider's 100 ms.`,
      ]
      if (notiProfile)
        details.push(
          `**Profile of the Notification Module path** (BENCH_PROFILE_DIR): ${notiProfile.replace(/\n/g, "<br>")}`
        )
      if (oneProfile)
        details.push(`**Profile of the 1-worker dispatch** (BENCH_PROFILE_DIR): ${oneProfile.replace(/\n/g, "<br>")}`)
      return { name: "dispatch-throughput", title: "1. Dispatch throughput", rows, details }
    } finally {
      await Promise.all(workers.map((w) => w.stop()))
      await dropDatabase(ctx.pg, DB).catch(() => undefined)
    }
  })
}
