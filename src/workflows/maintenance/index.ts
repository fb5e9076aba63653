export * from "./refresh-balances"
export * from "./set-debug-full-capture"
export * from "./clear-debug-log"
