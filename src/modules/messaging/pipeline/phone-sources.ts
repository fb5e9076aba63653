/**
 * Where the customer's phone is: a site lists the sources in the order they are tried
 * (shipping address, billing address, customer profile) and whether to go on to the
 * next source when the number found first cannot take an SMS. Pure.
 */
import { PHONE_SOURCES, type PhoneSource } from "../types"

export const DEFAULT_PHONE_SOURCES: readonly PhoneSource[] = PHONE_SOURCES

export interface PhoneCandidate {
  phone: string | null | undefined
  country?: string | null
  /** Where the phone was found; a candidate without a source (a rule's explicit phone) is always used, first. */
  source?: PhoneSource | null
}

export interface PhoneSourceSettings {
  phone_sources: readonly string[]
  phone_fallback: boolean
}

export interface ChosenPhone {
  phone: string | null
  country: string | null
  source: PhoneSource | null
}

/** The candidates the site uses, in its order: untagged first, then by source; a source not listed is dropped. */
export function orderPhoneCandidates(candidates: PhoneCandidate[], sources: readonly string[]): PhoneCandidate[] {
  const untagged = candidates.filter((c) => !c.source)
  const tagged = sources.flatMap((s) => candidates.filter((c) => c.source === s))
  return [...untagged, ...tagged]
}

/**
 * The phone to send to. With fallback: the first number in the site's order that
 * `usable` accepts. Without: the first number found at all, even when it cannot be
 * used (the message is then skipped with the reason). No usable number either way:
 * the first number found, so the row says why it was skipped.
 */
export function choosePhone(
  candidates: PhoneCandidate[],
  settings: PhoneSourceSettings,
  usable: (candidate: PhoneCandidate) => boolean
): ChosenPhone {
  const ordered = orderPhoneCandidates(candidates, settings.phone_sources).filter(
    (c) => typeof c.phone === "string" && c.phone.trim() !== ""
  )
  const pick = (settings.phone_fallback ? ordered.find(usable) : undefined) ?? ordered[0]
  return { phone: pick?.phone ?? null, country: pick?.country ?? null, source: pick?.source ?? null }
}
