export { Gateway, type GatewayOptions } from "./gateway.js";
export { FleetView } from "./fleet-view.js";
export { runGatewayService, type GatewayServiceConfig } from "./main.js";
