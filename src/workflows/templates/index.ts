export * from "./create-template"
export * from "./update-template"
export * from "./reset-template"
export * from "./delete-template"
