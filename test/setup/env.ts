// Quiet, deterministic environment for integration tests.
process.env.NODE_ENV = process.env.NODE_ENV ?? "test"
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? "error"
process.env.MEDUSA_DISABLE_TELEMETRY = "true"
