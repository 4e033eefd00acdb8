export * from "./bus/bus.js";
export * from "./errors.js";
export * from "./lifecycle.js";
export * from "./log.js";
