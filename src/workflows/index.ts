export * from "./notify-event"
export * from "./notify-custom-rule"
