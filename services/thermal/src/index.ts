export { ThermalService, type ThermalServiceOptions } from "./thermal-service.js";
export { thermalLogic, thermalStatus, thermalMargins, type ThermalState, type ThermalSnapshot, type SatelliteMargin } from "./thermal-logic.js";
export { decide, resolveThermalPolicy, type ResolvedThermalPolicy, type SatelliteControl } from "./thermal-policy.js";
export { runThermalService } from "./main.js";
export { resolveThermalServiceConfig, thermalServiceFlags, type ThermalServiceConfig } from "./service-config.js";
