/**
 * Errors the admin routes answer with. Bad input reads like Medusa's own validation
 * messages ("Invalid request: Field 'to' …") so the admin UI shows one style.
 */
import { MedusaError } from "@medusajs/framework/utils"

/** 400 naming the field. */
export function invalidField(field: string, problem: string): MedusaError {
  const sep = /^[A-Z]/.test(problem) ? ": " : " "
  return new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: Field '${field}'${sep}${problem}`)
}

/** 404 for an unknown id. */
export function notFound(what: string, id: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `${what} with id "${id}" was not found`)
}

/** 400 for an action the current state does not allow. */
export function notAllowed(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
}
