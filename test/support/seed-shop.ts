/**
 * Seed a small but complete shop through Medusa's own workflows (the way the
 * starter's seed script does), so the Store API can take real orders:
 *
 *  - store currencies eur (default), usd, uah
 *  - sales channels "Webshop" (store default) and "Kyiv Store", a publishable key each
 *  - region "Europe" (eur) with pp_system_default and tax regions (tp_system)
 *  - a stock location in both channels with a shipping fulfillment set, a service zone
 *    for the region's countries and a flat "Standard" option (manual_manual)
 *  - a published "Medusa T-Shirt" (2 variants, manage_inventory false) in both channels
 *
 * Every piece is looked up by name before it is created, so running it twice on the
 * same database reuses what is there (meant for one run per fresh database).
 */
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"

export interface SeedShopOptions {
  /** Countries of the "Europe" region and of the shipping zone (lower-case ISO 2). */
  countries?: string[]
  /** Variant prices (major units) per currency. */
  prices?: { eur: number; usd: number; uah: number }
  /** Flat shipping price (major units) per currency. */
  shippingPrices?: { eur: number; usd: number; uah: number }
}

export interface ShopSeed {
  store: { id: string }
  region: { id: string; name: string; currency_code: string; countries: string[] }
  salesChannels: { web: { id: string; name: string }; kyiv: { id: string; name: string } }
  /** Publishable API key tokens (the value of the `x-publishable-api-key` header). */
  publishableKeys: { web: string; kyiv: string }
  /** Ids of the publishable API keys themselves. */
  apiKeyIds: { web: string; kyiv: string }
  variants: { id: string; title: string; sku: string | null }[]
  shippingOption: { id: string; name: string }
  shippingProfile: { id: string }
  stockLocation: { id: string; name: string }
  fulfillmentSet: { id: string; serviceZoneId: string }
  product: { id: string; title: string; handle: string }
}

const SIZES = ["M", "L"]

export const DEFAULT_COUNTRIES = ["ua", "de", "gb", "pl", "fr", "it", "es", "nl"]

const NAMES = {
  web: "Webshop",
  kyiv: "Kyiv Store",
  region: "Europe",
  location: "Kyiv Warehouse",
  fulfillmentSet: "Kyiv Warehouse shipping",
  serviceZone: "Europe",
  profile: "Default Shipping Profile",
  option: "Standard",
  productHandle: "medusa-t-shirt",
}

export async function seedShop(container: MedusaContainer, opts: SeedShopOptions = {}): Promise<ShopSeed> {
  const countries = (opts.countries ?? DEFAULT_COUNTRIES).map((c) => c.toLowerCase())
  const prices = opts.prices ?? { eur: 25, usd: 30, uah: 1100 }
  const shippingPrices = opts.shippingPrices ?? { eur: 5, usd: 6, uah: 200 }

  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const storeModule = container.resolve(Modules.STORE)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const regionModule = container.resolve(Modules.REGION)
  const taxModule = container.resolve(Modules.TAX)
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const productModule = container.resolve(Modules.PRODUCT)

  // Sales channels
  const salesChannel = async (name: string, description: string) => {
    const [found] = await salesChannelModule.listSalesChannels({ name })
    if (found) return found
    const { result } = await createSalesChannelsWorkflow(container).run({
      input: { salesChannelsData: [{ name, description }] },
    })
    return result[0]
  }
  const web = await salesChannel(NAMES.web, "Online shop")
  const kyiv = await salesChannel(NAMES.kyiv, "Shop in Kyiv")

  // Region + tax regions
  if (!(await regionModule.listRegions({ name: NAMES.region })).length) {
    await createRegionsWorkflow(container).run({
      input: {
        regions: [{ name: NAMES.region, currency_code: "eur", countries, payment_providers: ["pp_system_default"] }],
      },
    })
  }
  const [region] = await regionModule.listRegions({ name: NAMES.region }, { relations: ["countries"] })
  const existingTax = await taxModule.listTaxRegions({ country_code: countries })
  const missingTax = countries.filter((c) => !existingTax.some((t) => t.country_code === c && !t.parent_id))
  if (missingTax.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missingTax.map((country_code) => ({ country_code, provider_id: "tp_system" })),
    })
  }

  // Store: currencies, defaults
  const [store] = await storeModule.listStores()
  if (!store) throw new Error("seedShop: no store found — Medusa creates one when the app boots")

  // Stock location, fulfillment set, service zone
  let [location] = await stockLocationModule.listStockLocations({ name: NAMES.location })
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          { name: NAMES.location, address: { address_1: "Khreshchatyk 1", city: "Kyiv", country_code: "UA" } },
        ],
      },
    })
    location = result[0]
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
  }
  const unlinkedChannels = await channelsNotLinked(container, "stock_location", location.id, [web.id, kyiv.id])
  if (unlinkedChannels.length) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: unlinkedChannels } })
  }

  let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets(
    { name: NAMES.fulfillmentSet },
    { relations: ["service_zones"] }
  )
  if (!fulfillmentSet) {
    fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: NAMES.fulfillmentSet,
      type: "shipping",
      service_zones: [
        {
          name: NAMES.serviceZone,
          geo_zones: countries.map((country_code) => ({ type: "country" as const, country_code })),
        },
      ],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
  }
  const serviceZone = fulfillmentSet.service_zones[0]

  // Shipping profile + option
  let [profile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: NAMES.profile, type: "default" }] },
    })
    profile = result[0]
  }

  let [shippingOption] = await fulfillmentModule.listShippingOptions({
    name: NAMES.option,
    service_zone: { id: serviceZone.id },
  })
  if (!shippingOption) {
    const { result } = await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: NAMES.option,
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: serviceZone.id,
          shipping_profile_id: profile.id,
          type: { label: "Standard", description: "Delivery in 2-3 days", code: "standard" },
          prices: [
            { currency_code: "eur", amount: shippingPrices.eur },
            { currency_code: "usd", amount: shippingPrices.usd },
            { currency_code: "uah", amount: shippingPrices.uah },
            { region_id: region.id, amount: shippingPrices.eur },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
    shippingOption = result[0] as any
  }

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
          { currency_code: "uah" },
        ],
        default_sales_channel_id: web.id,
        default_region_id: region.id,
        default_location_id: location.id,
      },
    },
  })

  // Publishable API keys, one per channel
  const publishableKey = async (title: string, salesChannelId: string) => {
    let [key] = await apiKeyModule.listApiKeys({ title, type: "publishable" })
    if (!key) {
      const { result } = await createApiKeysWorkflow(container).run({
        input: { api_keys: [{ title, type: "publishable", created_by: "" }] },
      })
      key = result[0]
    }
    if ((await channelsNotLinked(container, "api_key", key.id, [salesChannelId])).length) {
      await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [salesChannelId] } })
    }
    return key
  }
  const webKey = await publishableKey(NAMES.web, web.id)
  const kyivKey = await publishableKey(NAMES.kyiv, kyiv.id)

  // Product
  let [product] = await productModule.listProducts({ handle: NAMES.productHandle }, { relations: ["variants"] })
  if (!product) {
    const variantPrices = [
      { currency_code: "eur", amount: prices.eur },
      { currency_code: "usd", amount: prices.usd },
      { currency_code: "uah", amount: prices.uah },
    ]
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: [
          {
            title: "Medusa T-Shirt",
            handle: NAMES.productHandle,
            description: "A classic cotton T-shirt.",
            status: ProductStatus.PUBLISHED,
            weight: 400,
            shipping_profile_id: profile.id,
            options: [{ title: "Size", values: SIZES }],
            variants: [
              { title: "M", sku: "SHIRT-M", options: { Size: "M" }, manage_inventory: false, prices: variantPrices },
              { title: "L", sku: "SHIRT-L", options: { Size: "L" }, manage_inventory: false, prices: variantPrices },
            ],
            sales_channels: [{ id: web.id }, { id: kyiv.id }],
          },
        ],
      },
    })
    product = result[0]
  }

  return {
    store: { id: store.id },
    region: {
      id: region.id,
      name: region.name,
      currency_code: region.currency_code,
      countries: (region.countries ?? []).map((c) => c.iso_2).sort(),
    },
    salesChannels: { web: { id: web.id, name: web.name }, kyiv: { id: kyiv.id, name: kyiv.name } },
    publishableKeys: { web: webKey.token, kyiv: kyivKey.token },
    apiKeyIds: { web: webKey.id, kyiv: kyivKey.id },
    variants: (product.variants ?? [])
      .map((v) => ({ id: v.id, title: v.title, sku: v.sku ?? null }))
      .sort((a, b) => SIZES.indexOf(a.title) - SIZES.indexOf(b.title)),
    shippingOption: { id: shippingOption.id, name: shippingOption.name },
    shippingProfile: { id: profile.id },
    stockLocation: { id: location.id, name: location.name },
    fulfillmentSet: { id: fulfillmentSet.id, serviceZoneId: serviceZone.id },
    product: { id: product.id, title: product.title, handle: product.handle },
  }
}

/** The given sales channel ids that are not linked yet to the stock location / API key. */
async function channelsNotLinked(
  container: MedusaContainer,
  entity: "stock_location" | "api_key",
  id: string,
  channelIds: string[]
): Promise<string[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields: ["id", "sales_channels.id"], filters: { id } })
  const linked = new Set(((data[0] as any)?.sales_channels ?? []).map((sc: { id: string }) => sc.id))
  return channelIds.filter((c) => !linked.has(c))
}
