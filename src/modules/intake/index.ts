import { Module } from "@medusajs/framework/utils"
import IntakeModuleService from "./service"

export const INTAKE_MODULE = "intake"

export default Module(INTAKE_MODULE, { service: IntakeModuleService })

export { IntakeModuleService }
