/**
 * The messaging module alone against Postgres, as every module spec runs it
 * (moduleIntegrationTestRunner). The fake providers listen on 127.0.0.1, and nothing
 * dispatches in the background unless a spec asks for it: the tests dispatch themselves.
 */
import path from "node:path"
import { moduleIntegrationTestRunner, type SuiteOptions } from "@medusajs/test-utils"
import type MessagingModuleService from "../../../src/modules/messaging/service"
import * as models from "../../../src/modules/messaging/models"

export type ModuleTestOptions = Record<string, unknown> & { dispatch?: Record<string, unknown> }

/** The plugin options of a module spec: its own over the shared ones (`dispatch` merged key by key). */
export function moduleTestOptions(own: ModuleTestOptions = {}): Record<string, unknown> {
  return { allowed_hosts: ["127.0.0.1"], ...own, dispatch: { dispatch_on_enqueue: false, ...own.dispatch } }
}

/** One runner (one database, one module instance) for the spec file that calls it. */
export function messagingModuleRunner(spec: {
  moduleOptions?: ModuleTestOptions
  testSuite: (options: SuiteOptions<MessagingModuleService>) => void
}): void {
  moduleIntegrationTestRunner<MessagingModuleService>({
    moduleName: "messaging",
    resolve: path.join(__dirname, "../../../src/modules/messaging"),
    moduleModels: Object.values(models),
    moduleOptions: moduleTestOptions(spec.moduleOptions),
    testSuite: spec.testSuite,
  })
}
