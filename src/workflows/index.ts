export * from "./notify-event"
