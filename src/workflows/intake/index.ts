export * from "./collectors"
export * from "./create-lead"
export * from "./leads"
export { LEAD_CREATED_EVENT } from "./intake"
