export * from "./create-staff-profile"
export * from "./update-staff-profile"
export * from "./delete-staff-profile"
export * from "./send-staff-test"
