import { loadRuleEntity } from "../custom-rule"

/** A Query stand-in: knows the shipping_address relation; "metadata.*" is a JSON column, not a relation. */
function fakeQuery() {
  const order = {
    id: "order_1",
    display_id: 7,
    metadata: { vin: "WVW1" },
    shipping_address: { phone: "+380671234567", city: "Kyiv" },
  }
  const calls: string[][] = []
  const graph = async ({ fields }: { fields: string[] }) => {
    calls.push(fields)
    if (fields.some((f) => f.startsWith("metadata.")))
      throw new Error("Entity 'Order' does not have property 'metadata.vin'")
    const row: Record<string, unknown> = {}
    for (const f of fields) {
      if (f === "*") Object.assign(row, { id: order.id, display_id: order.display_id, metadata: order.metadata })
      else if (f === "shipping_address.phone") row.shipping_address = { phone: order.shipping_address.phone }
      else if (f === "shipping_address.city")
        row.shipping_address = { ...(row.shipping_address as object), city: order.shipping_address.city }
    }
    return { data: [row] }
  }
  return { query: { graph } as any, calls }
}

describe("loadRuleEntity", () => {
  it("loads the columns and the related fields in one query", async () => {
    const { query, calls } = fakeQuery()
    const row = await loadRuleEntity(query, "order", "order_1", ["*", "shipping_address.phone"])
    expect(row).toEqual({
      id: "order_1",
      display_id: 7,
      metadata: { vin: "WVW1" },
      shipping_address: { phone: "+380671234567" },
    })
    expect(calls).toHaveLength(1)
  })

  it("a name that is no relation (a JSON column) does not lose the rest", async () => {
    const { query } = fakeQuery()
    const row = await loadRuleEntity(query, "order", "order_1", [
      "*",
      "metadata.vin",
      "shipping_address.phone",
      "shipping_address.city",
    ])
    expect(row).toEqual({
      id: "order_1",
      display_id: 7,
      metadata: { vin: "WVW1" },
      shipping_address: { phone: "+380671234567", city: "Kyiv" },
    })
  })
})
