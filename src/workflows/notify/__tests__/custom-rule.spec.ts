import { resolveCustomRule, type CustomRuleRow } from "../custom-rule"

/** A container whose query.graph answers from a table of entities. */
function container(entities: Record<string, Record<string, unknown>[]> = {}) {
  const calls: { entity: string; filters?: Record<string, unknown> }[] = []
  const query = {
    graph: async (q: { entity: string; filters?: Record<string, unknown> }) => {
      calls.push(q)
      const rows = entities[q.entity] ?? []
      const [[field, value]] = Object.entries(q.filters ?? { id: undefined })
      return { data: rows.filter((r) => r[field] === value) }
    },
  }
  return { resolve: () => query, calls } as any
}

const rule = (over: Partial<CustomRuleRow>): CustomRuleRow => ({
  id: "mrule_1",
  name: "r",
  event_name: "acme.thing_happened",
  entity: "none",
  id_field: "id",
  phone_source: "phone",
  customer_text: "Hi",
  admin_text: null,
  sales_channel_id: null,
  critical: false,
  enabled: true,
  ...over,
})

const TOKEN = "tok_RESET_0123456789abcdef"

describe("custom rules read no secrets", () => {
  it("a phone source naming a secret field finds no phone (the token never becomes a recipient)", async () => {
    for (const phone_source of ["token", "reset.token", "#EVENT.TOKEN#", "{{ EVENT.TOKEN }}", "verification_code"]) {
      const resolved = await resolveCustomRule(container(), rule({ phone_source }), {
        id: "x1",
        token: TOKEN,
        reset: { token: TOKEN },
        verification_code: "123456",
      })
      expect([phone_source, resolved.customer_phones]).toEqual([phone_source, [{ phone: null }]])
      expect(JSON.stringify(resolved)).not.toContain(TOKEN)
      expect(JSON.stringify(resolved)).not.toContain("123456")
    }
  })

  it("an ordinary phone source still works", async () => {
    const resolved = await resolveCustomRule(container(), rule({ phone_source: "customer.phone" }), {
      id: "x1",
      customer: { phone: "+380671234567" },
    })
    expect(resolved.customer_phones).toEqual([{ phone: "+380671234567" }])
  })

  it("an entity's secret fields are not readable either", async () => {
    const c = container({
      customer: [{ id: "cus_1", phone: "+380671234567", password_hash: "$2b$hash", api_key: "k" }],
    })
    const resolved = await resolveCustomRule(c, rule({ entity: "customer", phone_source: "password_hash" }), {
      id: "cus_1",
    })
    expect(resolved.customer_phones).toEqual([{ phone: null }])
    expect(JSON.stringify(resolved)).not.toContain("$2b$hash")
  })

  it("an id field naming a secret, or a payload without an id, never puts the payload into resource_id", async () => {
    const resolved = await resolveCustomRule(container(), rule({ id_field: "token", phone_source: "phone" }), {
      token: TOKEN,
      phone: "+380671234567",
    })
    expect(resolved.resource_id).toMatch(/^mrule_1:[0-9a-f]{40}$/)
    expect(JSON.stringify(resolved)).not.toContain(TOKEN)
  })

  it("refuses rules stored on credential events or entities before the admin checked them", async () => {
    await expect(
      resolveCustomRule(container(), rule({ event_name: "auth.password_reset", phone_source: "token" }), {
        token: TOKEN,
      })
    ).rejects.toThrow(/carries credentials/)
    await expect(
      resolveCustomRule(container({ invite: [{ id: "inv_1", token: TOKEN }] }), rule({ entity: "invite" }), {
        id: "inv_1",
      })
    ).rejects.toThrow(/stores credentials/)
  })
})
