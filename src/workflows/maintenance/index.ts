export * from "./refresh-balances"
export * from "./set-debug-full-capture"
