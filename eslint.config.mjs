// ESLint flat config: real problems are errors, style is Prettier's job (npm run format).
// Not type-aware on purpose: a TypeScript program for every lint run costs more than CI's two
// cores can spare, and a trial of no-floating-promises/no-misused-promises over src found no
// floating promise, only knex query builders (thenables) passed to .where(). The build type-checks.
import js from "@eslint/js"
import medusa from "@medusajs/eslint-plugin"
import reactHooks from "eslint-plugin-react-hooks"
import { defineConfig } from "eslint/config"
import globals from "globals"
import tseslint from "typescript-eslint"

// Test code, fakes, harnesses and scripts: Medusa's conventions apply to the plugin's own src only.
const NOT_PLUGIN_SOURCE = ["**/__tests__/**", "integration-tests/**", "test/**", "bench/**", "scripts/**"]

// @medusajs/eslint-plugin's recommended preset, scoped to the plugin source. Its global ignore
// block (which would also hide tests from every other rule) is left out; its rule blocks keep
// their per-folder `files` and get the test paths as `ignores`.
const medusaRecommended = medusa.configs.recommended
  .filter((block) => !(block.ignores && Object.keys(block).length === 1))
  .map((block) =>
    block.files && Object.keys(block.rules ?? {}).length
      ? { ...block, ignores: [...(block.ignores ?? []), ...NOT_PLUGIN_SOURCE] }
      : block
  )

export default defineConfig(
  {
    ignores: [
      "**/node_modules/**",
      "**/.medusa/**",
      "dist/**",
      "coverage/**",
      ".tmp/**",
      "test-results/**",
      "demo/.data/**",
      // Compiled leftovers (git-ignored): the sources are the .ts files beside them.
      "test/**/*.js",
      "integration-tests/**/*.js",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  ...medusaRecommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "warn" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-explicit-any": "warn",
      // Allowed with a reason, e.g. MedusaService's constructor taking the container through `arguments`.
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": "allow-with-description" }],
      // Medusa's services hand the container on with `super(...arguments)`.
      "prefer-rest-params": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      // The plugin namespaces its workflow and step ids with `messaging-` so they cannot clash with
      // the host app's or another plugin's; these two rules want the bare variable or file name.
      "@medusajs/workflow-id-matches-export-or-filename": "off",
      "@medusajs/step-id-kebab-case": "off",
      // A few synchronous service methods (getOptions, invalidateCaches, scheduleDispatch) are part
      // of the service's public contract and called without await; flagged, not failed.
      "@medusajs/service-methods-must-be-async": "warn",
    },
  },
  {
    // Pure functions on plain data with no Medusa imports (by design): a RangeError is the right error.
    files: ["src/modules/messaging/{text,phones,money,schedule,events,consent,custom-rules}/**"],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["src/admin/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  }
)
