export * from "./add-opt-out"
export * from "./remove-opt-out"
