/**
 * The order in which jest hands spec files to its two workers: the longest first, so that
 * no long spec starts last and leaves one worker alone at the end of the run.
 *
 * Jest's own sequencer does that from the durations of the previous run in its cache; a
 * fresh checkout (CI) has none and falls back to file size, which puts short files with
 * long tests (bad-options, multi-worker, plugin-install, the reliability specs) last. Here
 * a spec without a cached duration gets the one measured for it below (seconds, from
 * `npm test` on a busy 2-core machine; only the order matters), else a guess by project.
 */
const path = require("node:path")
const Sequencer = require("@jest/test-sequencer").default

const MEASURED_S = {
  "integration-tests/http/shop-flow.spec.ts": 246,
  "integration-tests/http/shop-events.spec.ts": 217,
  "integration-tests/reliability/worker-crash.spec.ts": 178,
  "integration-tests/http/bad-options.spec.ts": 171,
  "integration-tests/http/admin-campaigns.spec.ts": 169,
  "integration-tests/reliability/provider-failures.spec.ts": 160,
  "integration-tests/http/admin-settings.spec.ts": 154,
  "integration-tests/http/delivery-failover.spec.ts": 130,
  "integration-tests/http/admin-templates.spec.ts": 112,
  "integration-tests/http/plugin-install.spec.ts": 81,
  "integration-tests/reliability/host-run.spec.ts": 81,
  "integration-tests/http/admin-messages.spec.ts": 68,
  "integration-tests/http/security.spec.ts": 63,
  "integration-tests/http/multi-worker.spec.ts": 57,
  "integration-tests/modules/privacy.spec.ts": 48,
  "integration-tests/http/custom-rules.spec.ts": 40,
  "integration-tests/http/privacy.spec.ts": 30,
  "integration-tests/modules/messaging-service.spec.ts": 29,
}

class LongestFirst extends Sequencer {
  time(test) {
    const cached = super.time(test)
    if (cached != null) return cached
    const rel = path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/")
    if (MEASURED_S[rel] != null) return MEASURED_S[rel] * 1000
    return rel.startsWith("integration-tests/") ? 60_000 : 1_000
  }
}

module.exports = LongestFirst
