import { ruleQueryFields } from "../rule-fields"

describe("ruleQueryFields", () => {
  it("asks for the relation the admin form's default phone source names", () => {
    expect(ruleQueryFields({ entity: "order", phone_source: "#ORDER.SHIPPING_ADDRESS.PHONE#" })).toEqual([
      "*",
      "shipping_address.phone",
    ])
  })

  it("collects nested macros from the texts, in #MACRO# and Liquid form, only for the rule's entity", () => {
    const fields = ruleQueryFields({
      entity: "order",
      phone_source: "#EVENT.PHONE#",
      customer_text: "Hi #ORDER.CUSTOMER.FIRST_NAME#, order #ORDER.DISPLAY_ID# to {{ ORDER.SHIPPING_ADDRESS.CITY }}",
      admin_text: "#EVENT.ID# #SITE_NAME#",
    })
    expect(fields).toEqual(["*", "customer.first_name", "shipping_address.city"])
  })

  it("takes a dotted field path as the phone source as is", () => {
    expect(ruleQueryFields({ entity: "order", phone_source: "billing_address.phone" })).toEqual([
      "*",
      "billing_address.phone",
    ])
  })
})
