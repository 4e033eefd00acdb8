export { Gateway, type GatewayOptions } from "./gateway.js";
export { FleetView } from "./fleet-view.js";
export { runGatewayService } from "./main.js";
export { resolveGatewayServiceConfig, gatewayServiceFlags, type GatewayServiceConfig } from "./service-config.js";
