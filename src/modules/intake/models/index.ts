export { IntakeCollector } from "./collector"
export { IntakeLead } from "./lead"
export { IntakeMailReceipt } from "./mail-receipt"
