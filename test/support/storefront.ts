/**
 * A customer's path through the Store API of a booted app (an axios instance against it,
 * e.g. `api` from medusaIntegrationTestRunner): register, fill a cart, pay with the
 * system provider, complete. Every failing call throws with the API's response body.
 */
import type { AxiosInstance, AxiosRequestConfig } from "axios"
import type { ShopSeed } from "./seed-shop"

export type Channel = "web" | "kyiv"
type Headers = Record<string, string>

/**
 * One HTTP call; on failure throws `<what>: <METHOD> <url> → <status> <body>` (axios
 * errors otherwise hide the body Medusa puts its reason in).
 */
export async function apiCall<T = any>(
  api: AxiosInstance,
  what: string,
  method: "get" | "post" | "delete",
  url: string,
  { body, headers, params }: { body?: unknown; headers?: Headers; params?: Record<string, unknown> } = {}
): Promise<T> {
  const config: AxiosRequestConfig = { method, url, headers, params, data: body }
  try {
    const res = await api.request<T>(config)
    return res.data
  } catch (e: any) {
    const status = e?.response?.status ?? "no response"
    const data = e?.response?.data !== undefined ? JSON.stringify(e.response.data) : e?.message
    throw new Error(`${what}: ${method.toUpperCase()} ${url} → ${status} ${data}`)
  }
}

export function storeHeaders(seed: ShopSeed, salesChannel: Channel = "web", customerToken?: string): Headers {
  return {
    "x-publishable-api-key": seed.publishableKeys[salesChannel],
    ...(customerToken ? { authorization: `Bearer ${customerToken}` } : {}),
  }
}

export interface RegisterCustomerInput {
  email: string
  password: string
  first_name?: string
  last_name?: string
  phone?: string
  salesChannel?: Channel
}

/** emailpass register → POST /store/customers → login; returns the customer and a login token. */
export async function registerCustomer(
  api: AxiosInstance,
  seed: ShopSeed,
  input: RegisterCustomerInput
): Promise<{ customer: any; token: string }> {
  const { email, password, first_name, last_name, phone, salesChannel = "web" } = input
  const { token: registrationToken } = await apiCall<{ token: string }>(
    api,
    "register customer identity",
    "post",
    "/auth/customer/emailpass/register",
    { body: { email, password } }
  )
  const { customer } = await apiCall<{ customer: any }>(api, "create customer", "post", "/store/customers", {
    body: { email, first_name, last_name, phone },
    headers: storeHeaders(seed, salesChannel, registrationToken),
  })
  const { token } = await apiCall<{ token: string }>(api, "customer login", "post", "/auth/customer/emailpass", {
    body: { email, password },
  })
  return { customer, token }
}

export interface PlaceOrderInput {
  salesChannel?: Channel
  email?: string
  /** Phone on the shipping address. */
  phone?: string
  /** Phone on the billing address (defaults to `phone`). */
  billingPhone?: string
  firstName?: string
  lastName?: string
  /** Lower-case ISO 2; must be in the seeded region. */
  countryCode?: string
  /** Defaults to one of the first seeded variant. */
  items?: { variant_id: string; quantity: number }[]
  /** A customer's token (registerCustomer) so the order belongs to that customer. */
  customerToken?: string
}

/**
 * Cart → line items → addresses → shipping method → payment collection + session
 * (pp_system_default) → complete. Returns the order (as the complete route returns it)
 * and the cart as it was right before completion.
 */
export async function placeOrder(
  api: AxiosInstance,
  seed: ShopSeed,
  input: PlaceOrderInput = {}
): Promise<{ order: any; cart: any }> {
  const {
    salesChannel = "web",
    email = "buyer@example.com",
    phone,
    billingPhone = phone,
    firstName = "Olena",
    lastName = "Shevchenko",
    countryCode = "ua",
    items = [{ variant_id: seed.variants[0].id, quantity: 1 }],
    customerToken,
  } = input
  const headers = storeHeaders(seed, salesChannel, customerToken)

  let { cart } = await apiCall<{ cart: any }>(api, "create cart", "post", "/store/carts", {
    body: { region_id: seed.region.id, email },
    headers,
  })
  for (const item of items) {
    ;({ cart } = await apiCall(api, `add line item ${item.variant_id}`, "post", `/store/carts/${cart.id}/line-items`, {
      body: item,
      headers,
    }))
  }

  const address = (addressPhone?: string) => ({
    first_name: firstName,
    last_name: lastName,
    address_1: "Khreshchatyk 22",
    city: "Kyiv",
    postal_code: "01001",
    country_code: countryCode,
    ...(addressPhone ? { phone: addressPhone } : {}),
  })
  ;({ cart } = await apiCall(api, "set cart addresses", "post", `/store/carts/${cart.id}`, {
    body: { shipping_address: address(phone), billing_address: address(billingPhone) },
    headers,
  }))

  const { shipping_options } = await apiCall<{ shipping_options: { id: string; name: string }[] }>(
    api,
    "list shipping options",
    "get",
    "/store/shipping-options",
    { params: { cart_id: cart.id }, headers }
  )
  const option = shipping_options.find((o) => o.id === seed.shippingOption.id) ?? shipping_options[0]
  if (!option) {
    throw new Error(
      `placeOrder: no shipping option for cart ${cart.id} (country ${countryCode}, channel ${salesChannel})`
    )
  }
  ;({ cart } = await apiCall(api, "add shipping method", "post", `/store/carts/${cart.id}/shipping-methods`, {
    body: { option_id: option.id },
    headers,
  }))

  const { payment_collection } = await apiCall<{ payment_collection: { id: string } }>(
    api,
    "create payment collection",
    "post",
    "/store/payment-collections",
    { body: { cart_id: cart.id }, headers }
  )
  await apiCall(
    api,
    "create payment session",
    "post",
    `/store/payment-collections/${payment_collection.id}/payment-sessions`,
    {
      body: { provider_id: "pp_system_default" },
      headers,
    }
  )

  const completed = await apiCall<{ type: "order" | "cart"; order?: any; cart?: any; error?: unknown }>(
    api,
    "complete cart",
    "post",
    `/store/carts/${cart.id}/complete`,
    { headers }
  )
  if (completed.type !== "order" || !completed.order) {
    throw new Error(`placeOrder: cart ${cart.id} was not completed: ${JSON.stringify(completed.error ?? completed)}`)
  }
  return { order: completed.order, cart }
}
