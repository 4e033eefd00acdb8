export { ThermalService, type ThermalServiceOptions } from "./thermal-service.js";
export { decide, resolveThermalPolicy, type ResolvedThermalPolicy, type SatelliteControl } from "./thermal-policy.js";
export { runThermalService, type ThermalServiceConfig } from "./main.js";
