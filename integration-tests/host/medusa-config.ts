/**
 * The one host app of the integration tests, the reliability suite, the bench, the demo
 * and the browser tests: a plain Medusa 2.21 app that installs the plugin the way a shop
 * does. What differs between them is switched by the environment:
 *
 *  MESSAGING_PLUGIN_OPTIONS        the plugin's options (JSON): each suite points the providers at its own fakes
 *  MESSAGING_PLUGIN_DISABLED=true  the same shop without the plugin (the bench compares the two)
 *  MESSAGING_NOTIFICATION_PROVIDER=true  the Notification Module with the plugin's provider (sms, viber, telegram)
 *  MESSAGING_NOTIFICATION_EMAIL=true     the Notification Module with an `email` channel (Medusa's local provider)
 *  BENCH_NOTIFICATION_URL          the Notification Module with the bench's HTTP provider (bench/notification-http-provider)
 *  BENCH_ROUTES=true               the bench's routes (src/api/bench) answer; otherwise they 404
 *  MEDUSA_ADMIN_DISABLE=false      serve the admin (demo, browser tests)
 *  MEDUSA_WORKER_MODE, REDIS_URL   worker mode; Redis event bus, workflow engine and locking
 *  MEDUSA_FF_RBAC=true             Medusa's RBAC: the flag and the RBAC module (defineConfig runs before
 *                                  Medusa registers its flags, so the module has to be listed here)
 *
 * Scripts for `medusa exec` are in src/scripts (seed-demo, dispatch-all, reliability-worker, bench-worker).
 */
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const pluginOptions = process.env.MESSAGING_PLUGIN_OPTIONS ? JSON.parse(process.env.MESSAGING_PLUGIN_OPTIONS) : {}
const withNotificationProvider =
  process.env.MESSAGING_NOTIFICATION_PROVIDER === "true" && process.env.MESSAGING_PLUGIN_DISABLED !== "true"
// MESSAGING_NOTIFICATION_EMAIL=true: the Notification Module has an `email` channel (Medusa's local provider, which logs it).
const withEmailChannel = process.env.MESSAGING_NOTIFICATION_EMAIL === "true"
// BENCH_NOTIFICATION_URL: the bench's "Notification Module path" — one HTTP request per notification to the fake BSG.
const benchNotificationUrl = process.env.BENCH_NOTIFICATION_URL

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
    redisUrl: process.env.REDIS_URL,
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE !== "false",
    backendUrl: process.env.MEDUSA_BACKEND_URL,
  },
  // MESSAGING_PLUGIN_DISABLED=true gives the same shop without the plugin (benchmarks compare the two).
  plugins:
    process.env.MESSAGING_PLUGIN_DISABLED === "true"
      ? []
      : [
          {
            resolve: "medusa-plugin-messaging",
            options: pluginOptions,
          },
        ],
  modules: [
    ...(process.env.MEDUSA_FF_RBAC === "true" ? [{ resolve: "@medusajs/medusa/rbac" }] : []),
    ...(benchNotificationUrl
      ? [
          {
            resolve: "@medusajs/medusa/notification",
            options: {
              providers: [
                {
                  resolve: path.resolve(__dirname, "../../bench/notification-http-provider"),
                  id: "bench-http",
                  options: {
                    channels: ["sms"],
                    base_url: benchNotificationUrl,
                    api_key: process.env.BENCH_NOTIFICATION_API_KEY ?? "",
                    sender: process.env.BENCH_NOTIFICATION_SENDER ?? "MyShop",
                  },
                },
              ],
            },
          },
        ]
      : withNotificationProvider || withEmailChannel
        ? [
            {
              resolve: "@medusajs/medusa/notification",
              options: {
                providers: [
                  // Medusa's local feed keeps the admin's in-app notifications working.
                  {
                    resolve: "@medusajs/medusa/notification-local",
                    id: "local",
                    options: { channels: ["feed"] },
                  },
                  ...(withEmailChannel
                    ? [
                        {
                          resolve: "@medusajs/medusa/notification-local",
                          id: "local-email",
                          options: { channels: ["email"] },
                        },
                      ]
                    : []),
                  // SMS/Viber/Telegram sent through createNotifications go through the plugin's outbox.
                  ...(withNotificationProvider
                    ? [
                        {
                          resolve: "medusa-plugin-messaging/providers/messaging",
                          id: "messaging",
                          options: { channels: ["sms", "viber", "telegram"] },
                        },
                      ]
                    : []),
                ],
              },
            },
          ]
        : []),
    ...(process.env.REDIS_URL
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: process.env.REDIS_URL } },
          {
            resolve: "@medusajs/medusa/workflow-engine-redis",
            options: { redis: { redisUrl: process.env.REDIS_URL } },
          },
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl: process.env.REDIS_URL },
                },
              ],
            },
          },
        ]
      : []),
  ],
})
