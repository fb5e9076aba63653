/**
 * The plugin's RBAC policies. Medusa imports every file of a plugin's `policies` directory
 * at start-up; with the `rbac` feature flag on, they are synced to `rbac_policy` and offered
 * in the role editor (Settings → Roles). The catalogue itself is src/types/permissions.ts.
 */
import { definePolicies } from "@medusajs/framework/utils"
import { MESSAGING_POLICIES } from "../types/permissions"

export const messagingPolicies = definePolicies(MESSAGING_POLICIES.map((policy) => ({ ...policy })))
