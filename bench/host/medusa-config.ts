/**
 * The benchmark host (`npm run bench`): the same Medusa 2.21 app as integration-tests/host
 * (same projectConfig, the plugin from MESSAGING_PLUGIN_OPTIONS, MESSAGING_PLUGIN_DISABLED=true
 * for the same shop without it), plus, when BENCH_NOTIFICATION_URL is set, Medusa's
 * Notification Module with a bench-only provider that sends one HTTP request per
 * notification to the fake BSG server (the "Notification Module path" of the
 * throughput benchmark). Its routes under src/api/bench seed the shop and emit events.
 */
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const pluginOptions = process.env.MESSAGING_PLUGIN_OPTIONS ? JSON.parse(process.env.MESSAGING_PLUGIN_OPTIONS) : {}
const notificationUrl = process.env.BENCH_NOTIFICATION_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000",
      authCors: process.env.AUTH_CORS ?? "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET ?? "supersecret",
      cookieSecret: process.env.COOKIE_SECRET ?? "supersecret",
    },
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") ?? "shared",
  },
  admin: { disable: true },
  plugins:
    process.env.MESSAGING_PLUGIN_DISABLED === "true"
      ? []
      : [
          {
            resolve: "medusa-plugin-messaging",
            options: pluginOptions,
          },
        ],
  modules: notificationUrl
    ? [
        {
          resolve: "@medusajs/medusa/notification",
          options: {
            providers: [
              {
                resolve: path.resolve(__dirname, "../notification-http-provider"),
                id: "bench-http",
                options: {
                  channels: ["sms"],
                  base_url: notificationUrl,
                  api_key: process.env.BENCH_NOTIFICATION_API_KEY ?? "",
                  sender: process.env.BENCH_NOTIFICATION_SENDER ?? "MyShop",
                },
              },
            ],
          },
        },
      ]
    : [],
})
