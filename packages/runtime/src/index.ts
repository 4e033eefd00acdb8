export * from "./bus/bus.js";
export * from "./errors.js";
export * from "./lifecycle.js";
export * from "./log.js";
export * from "./wall-clock.js";
export * from "./state-digest.js";
export * from "./inbound.js";
export * from "./process-signals.js";
