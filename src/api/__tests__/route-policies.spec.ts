import fs from "node:fs"
import path from "node:path"
import { MESSAGING_POLICIES } from "../../types/permissions"
import { ROUTE_POLICIES, routeMatcher, routePolicyMiddlewares } from "../route-policies"

const ROOT = path.join(__dirname, "..", "admin", "messaging")

/** Every `route.ts` under /admin/messaging with the methods it exports, as `METHOD /path/:id`. */
function routeFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return routeFiles(full)
    if (entry.name !== "route.ts") return []
    const route = path
      .relative(ROOT, path.dirname(full))
      .split(path.sep)
      .map((s) => s.replace(/^\[(.+)\]$/, ":$1"))
      .join("/")
    const source = fs.readFileSync(full, "utf8")
    const methods = [...source.matchAll(/^export (?:async function|const|function) (GET|POST|DELETE)\b/gm)].map(
      (m) => m[1]
    )
    return methods.map((m) => `${m} /${route}`)
  })
}

const concrete = (p: string) => `/admin/messaging${p.replace(/:[^/]+/g, "abc_123")}`
const matches = (matcher: string | RegExp, url: string) =>
  typeof matcher === "string" ? matcher === url : matcher.test(url)

describe("route policies", () => {
  const declared = ROUTE_POLICIES.map((r) => `${r.method} ${r.path}`)

  it("every admin route and method declares exactly one policy, and nothing else is declared", () => {
    const files = routeFiles().sort()
    expect(files.length).toBeGreaterThan(50)
    expect([...declared].sort()).toEqual(files)
    expect(new Set(declared).size).toBe(declared.length)
  })

  it("every declared policy is one of the plugin's policies", () => {
    const known = new Set(MESSAGING_POLICIES.map((p) => `${p.resource}:${p.operation}`))
    for (const r of ROUTE_POLICIES) expect(known).toContain(`${r.resource}:${r.operation}`)
    expect(new Set(MESSAGING_POLICIES.map((p) => p.name)).size).toBe(MESSAGING_POLICIES.length)
  })

  it("each route's matcher matches that route and no other route of the same method", () => {
    for (const r of ROUTE_POLICIES) {
      const url = concrete(r.path)
      const hits = routePolicyMiddlewares.filter(
        (m, i) => m.methods?.includes(r.method) && matches(m.matcher, url) && ROUTE_POLICIES[i].method === r.method
      )
      expect({ route: `${r.method} ${r.path}`, hits: hits.length }).toEqual({ route: `${r.method} ${r.path}`, hits: 1 })
    }
    // A literal sibling is never taken for an id, and a trailing slash still matches.
    expect(matches(routeMatcher("/templates/:id"), "/admin/messaging/templates/validate")).toBe(false)
    expect(matches(routeMatcher("/templates/:id"), "/admin/messaging/templates/tpl_1/")).toBe(true)
    expect(matches(routeMatcher("/messages/:id"), "/admin/messaging/messages/export")).toBe(false)
  })
})
