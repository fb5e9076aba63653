export * from "./create-custom-rule"
export * from "./update-custom-rule"
export * from "./delete-custom-rule"
