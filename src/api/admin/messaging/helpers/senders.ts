import { invalidField } from "./errors"

/**
 * SMS originators: up to 11 letters/digits (alphanumeric) or up to 15 digits (a number).
 * Viber sender names are free text up to 32 characters.
 */
export function assertSenderName(channel: "sms" | "viber", name: string): void {
  if (channel === "sms" && !(/^[A-Za-z0-9 ._-]{1,11}$/.test(name) || /^\+?\d{3,15}$/.test(name))) {
    throw invalidField("name", "must be up to 11 letters/digits or a number of up to 15 digits for SMS")
  }
}
