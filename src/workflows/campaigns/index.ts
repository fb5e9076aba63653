export * from "./start-campaign"
export * from "./pause-campaign"
export * from "./resume-campaign"
export * from "./cancel-campaign"
