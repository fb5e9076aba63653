/**
 * What each provider type can do. `AdapterCapabilities` adds two flags to the shared
 * ProviderCapabilities (proposed for the interface):
 *  - balance: balance() returns the account balance; false → it throws
 *    ProviderNotSupportedError (Telegram, SMTP have no balance).
 *  - deliveryReports: the provider reports delivery after acceptance. When false,
 *    status() answers from what acceptance means for that provider: Telegram's
 *    sendMessage success = in the chat ("delivered"); an SMTP relay's acceptance is
 *    the last thing we ever learn ("sent").
 */
import type { ProviderType } from "../types"
import type { ProviderCapabilities } from "./types"

export type AdapterCapabilities = ProviderCapabilities

/** Telegram: text limit per API message; longer texts are split into several. */
export const TELEGRAM_MESSAGE_LIMIT = 4096

export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderType, Readonly<AdapterCapabilities>>> = {
  bsg: {
    channels: ["sms", "viber", "omni"],
    maxBatchSize: 50,
    maxTextLength: 1000,
    ratePerSecond: 10,
    nativeOmni: true,
    lookupByReference: true,
    // BSG callbacks carry no signature: delivery states are polled
    webhooks: false,
    balance: true,
    deliveryReports: true,
    // replies to 2-way senders are listed at /sms/2wayIncoming (polled)
    inbound: "poll",
  },
  turbosms: {
    channels: ["sms", "viber", "omni"],
    maxBatchSize: 100,
    maxTextLength: 1000,
    ratePerSecond: 5,
    nativeOmni: true,
    // TurboSMS has no client reference: a timed-out send cannot be looked up
    lookupByReference: false,
    webhooks: true,
    balance: true,
    deliveryReports: true,
    // TurboSMS has no API for incoming messages
    inbound: "none",
  },
  twilio: {
    channels: ["sms"],
    maxBatchSize: 20,
    maxTextLength: 1600,
    ratePerSecond: 10,
    nativeOmni: false,
    // Twilio keeps no client reference: only its own SID can be looked up
    lookupByReference: false,
    webhooks: true,
    balance: true,
    deliveryReports: true,
    inbound: "webhook",
  },
  telegram: {
    channels: ["telegram"],
    maxBatchSize: 20,
    // split into ≤ 4096-unit messages by the adapter
    maxTextLength: TELEGRAM_MESSAGE_LIMIT * 4,
    ratePerSecond: 25,
    nativeOmni: false,
    lookupByReference: false,
    webhooks: false,
    balance: false,
    deliveryReports: false,
    inbound: "none",
  },
  smtp: {
    channels: ["email"],
    maxBatchSize: 20,
    maxTextLength: 1_000_000,
    ratePerSecond: 10,
    nativeOmni: false,
    lookupByReference: false,
    webhooks: false,
    balance: false,
    deliveryReports: false,
    inbound: "none",
  },
  sandbox: {
    channels: ["sms", "viber", "omni", "telegram", "email"],
    maxBatchSize: 100,
    maxTextLength: 100_000,
    ratePerSecond: 1000,
    nativeOmni: true,
    lookupByReference: true,
    webhooks: false,
    balance: true,
    deliveryReports: true,
    inbound: "none",
  },
}
