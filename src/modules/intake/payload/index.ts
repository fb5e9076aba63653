export * from "./encoding"
export * from "./payload"
export { LEAD_KEYS, LINE_KEYS, WORK_KEYS } from "./keys"
export * from "./read-payload"
