/**
 * What the dispatcher does with what a provider said: lookups by reference before a
 * resend, and the results of one request mapped to the rows to write. Pure decisions;
 * the dispatcher writes them (per request, as they arrive) and keeps account health.
 */
import type { ProbingProvider } from "../providers"
import type { SendResult } from "../providers/types"
import type { AccountRow } from "../repositories/accounts"
import type { AcceptedUpdate, RequeueUpdate } from "../repositories/message-results"
import type { MessageRow } from "../repositories/messages"
import { healthSignal } from "./health"
import { unknownOutcomeOf } from "./unknown-outcome"

/** Failures where the provider is down (no answer, or a 5xx) as opposed to answering nonsense. */
export const NO_ANSWER = new Set([
  "timeout",
  "connection_refused",
  "connection_reset",
  "dns",
  "http_500",
  "http_502",
  "http_503",
  "http_504",
])

/** How the dispatcher puts a message back (its retry policy lives there). */
export interface Requeuer {
  now(): Date
  retryOrFail(
    m: MessageRow,
    error: string,
    code: string | null,
    delayMs?: number,
    maybeAccepted?: boolean
  ): RequeueUpdate
  waitForLookup(m: MessageRow, error: string): RequeueUpdate
  holdUnknown(m: MessageRow, reason: string): RequeueUpdate
}

export interface LookupOutcome {
  toSend: MessageRow[]
  accepted: AcceptedUpdate[]
  requeue: RequeueUpdate[]
  /** The provider did not answer the lookups (counts as an account failure). */
  lookupError: string | null
}

/** A message that may already have reached the provider (timeout, crash) is looked up first. */
export async function lookUpFirst(
  account: AccountRow,
  adapter: ProbingProvider,
  messages: MessageRow[],
  q: Requeuer
): Promise<LookupOutcome> {
  const lookups = messages.filter((m) => m.maybe_accepted && adapter.capabilities.lookupByReference)
  const out: LookupOutcome = {
    toSend: messages.filter((m) => !lookups.includes(m)),
    accepted: [],
    requeue: [],
    lookupError: null,
  }
  const queue = [...lookups]
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (out.lookupError) {
          // The provider is not answering: don't wait for a timeout per message.
          out.requeue.push(q.waitForLookup(m, out.lookupError))
          continue
        }
        try {
          const found = await adapter.findByReference(m.id)
          if (found) {
            out.accepted.push({
              id: m.id,
              provider_message_id: found.provider_message_id,
              cost: found.cost ?? null,
              currency: found.currency ?? null,
              raw_status: found.raw_status,
              claimed_at: m.claimed_at,
            })
          } else if (account.health_status === "healthy") {
            out.toSend.push(m)
          } else {
            // Never reached this (unhealthy) account: free to go to the next one.
            out.requeue.push({
              id: m.id,
              status: "queued",
              next_attempt_at: q.now(),
              error: "not at the provider it was sent to; sending through the next account",
              error_code: "lookup_not_found",
              maybe_accepted: false,
              refund_attempt: true,
              claimed_at: m.claimed_at,
            })
          }
        } catch (e) {
          const error = `could not check whether ${account.type} already has it: ${(e as Error).message}`
          if (NO_ANSWER.has((e as { code?: string }).code ?? "")) {
            // Down: wait for it (this claim is not counted) rather than risk a second SMS.
            out.lookupError = error
            out.requeue.push(q.waitForLookup(m, error))
          } else {
            // It answers, but nonsense: that counts, and in the end the message fails with the reason.
            const r = q.retryOrFail(m, error, "lookup_failed", undefined, true)
            if (r.status === "failed")
              r.error = `${r.error}; not sent again so the recipient cannot get it twice (check the provider's dashboard, then resend if it is not there)`
            out.requeue.push(r)
          }
        }
      }
    })
  )
  return out
}

export interface ChunkOutcome {
  accepted: AcceptedUpdate[]
  requeue: RequeueUpdate[]
  successes: number
  failures: number
  /** An account-level failure (auth, funds): fail over at once. */
  accountLevelError: string | null
  firstError: string | null
  /** Messages that must never go to this account again (account-level failure). */
  excluded: MessageRow[]
  /** Recipients the provider says opted out. */
  optedOut: MessageRow[]
}

/** The results of one request, as rows to write. */
export function chunkOutcome(
  account: AccountRow,
  adapter: ProbingProvider,
  chunk: MessageRow[],
  results: SendResult[],
  q: Requeuer
): ChunkOutcome {
  const byId = new Map(results.map((r) => [r.id, r]))
  const out: ChunkOutcome = {
    accepted: [],
    requeue: [],
    successes: 0,
    failures: 0,
    accountLevelError: null,
    firstError: null,
    excluded: [],
    optedOut: [],
  }
  for (const m of chunk) {
    const r: SendResult = byId.get(m.id) ?? {
      id: m.id,
      outcome: "retry",
      kind: "unknown",
      code: "no_result",
      reason: "the provider adapter returned no result for this message",
      maybe_accepted: true,
    }
    const signal = healthSignal(r)
    if (signal === "success") out.successes++
    if (signal === "failure") out.failures++
    if (r.outcome === "accepted") {
      out.accepted.push({
        id: m.id,
        provider_message_id: r.provider_message_id,
        cost: r.cost ?? null,
        currency: r.currency ?? null,
        raw_status: r.raw_status ?? null,
        claimed_at: m.claimed_at,
      })
      continue
    }
    const reason = `${r.kind}: ${r.reason}`
    out.firstError ??= reason
    if (r.account_level || r.kind === "auth" || r.kind === "insufficient_funds") {
      out.accountLevelError = reason
      // Another account may carry it: retry now, never on this account again.
      out.requeue.push({ ...q.retryOrFail(m, reason, r.code, 0), maybe_accepted: false })
      out.excluded.push(m)
      continue
    }
    if (r.outcome === "rejected") {
      if (r.kind === "opted_out" && m.channel !== "email" && m.channel !== "telegram") out.optedOut.push(m)
      out.requeue.push({
        id: m.id,
        status: "failed",
        next_attempt_at: null,
        error: reason,
        error_code: r.code,
        claimed_at: m.claimed_at,
      })
      continue
    }
    if (r.maybe_accepted && !adapter.capabilities.lookupByReference) {
      // Maybe accepted, and this provider cannot be asked: the account decides.
      if (unknownOutcomeOf(account) === "hold")
        out.requeue.push(q.holdUnknown({ ...m, provider_type: account.type }, reason))
      else
        out.requeue.push(
          q.retryOrFail(
            m,
            `${reason}; sending it again (unknown_outcome: resend)`,
            r.code,
            r.retry_after_ms ?? undefined,
            false
          )
        )
      continue
    }
    out.requeue.push(q.retryOrFail(m, reason, r.code, r.retry_after_ms ?? undefined, !!r.maybe_accepted))
  }
  return out
}
