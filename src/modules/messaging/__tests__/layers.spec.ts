/**
 * The layering of docs/architecture.md: SQL only in repositories/, nothing outside the
 * module reaches for a database handle, the admin bundles no server code but the value
 * lists, and the module service stays a thin facade.
 */
import fs from "node:fs"
import path from "node:path"

const SRC = path.resolve(__dirname, "../../..")
const MODULE = path.resolve(__dirname, "..")

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === "__tests__" || e.name === "migrations" ? [] : sources(full)
    return /\.tsx?$/.test(e.name) ? [full] : []
  })
}

const rel = (f: string) => path.relative(SRC, f)
/** A knex query builder or raw SQL call: knex("table"), knex.raw(…), trx("table"). */
const SQL = /\b(knex|trx)(\(["'`]|\.raw\()/

describe("layers", () => {
  it("only repositories/ builds SQL inside the messaging module", () => {
    const offenders = sources(MODULE)
      .filter((f) => !f.startsWith(path.join(MODULE, "repositories") + path.sep))
      .filter((f) => SQL.test(fs.readFileSync(f, "utf8")))
      .map(rel)
    expect(offenders).toEqual([])
  })

  it("code outside the module never takes the database connection or the service's raw knex", () => {
    const offenders = sources(SRC)
      .filter((f) => !f.startsWith(MODULE + path.sep))
      .filter((f) =>
        /PG_CONNECTION[\s\S]*messaging_|withKnex\(|messaging\/repositories\//.test(fs.readFileSync(f, "utf8"))
      )
      .map(rel)
    expect(offenders).toEqual([])
  })

  it("the admin takes values from the server only through vocabulary.ts, which imports nothing", () => {
    const admin = path.join(SRC, "admin")
    const vocabulary = path.join(MODULE, "vocabulary.ts")
    expect(fs.readFileSync(vocabulary, "utf8")).not.toMatch(/^\s*import\b/m)
    const offenders = sources(admin).flatMap((f) =>
      [...fs.readFileSync(f, "utf8").matchAll(/^import\s+(?!type\b)[^"]*?from\s+"(\.[^"]+)"/gms)]
        .map((m) => path.resolve(path.dirname(f), m[1]))
        .filter((target) => !target.startsWith(admin + path.sep) && target + ".ts" !== vocabulary)
        .map((target) => `${rel(f)} -> ${rel(target)}`)
    )
    expect(offenders).toEqual([])
  })

  it("the module service is a facade of at most 300 lines", () => {
    const service = fs.readFileSync(path.join(MODULE, "service.ts"), "utf8")
    expect(service.trimEnd().split("\n").length).toBeLessThanOrEqual(300)
    expect(SQL.test(service)).toBe(false)
  })
})
