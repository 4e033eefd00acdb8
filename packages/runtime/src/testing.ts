/** Test doubles and shared test suites: `@orbitwin/runtime/testing`. */
export { describeBusContract, type BusUnderTest } from "./bus/bus-contract.js";
export { ManualWallClock } from "./wall-clock.js";
export { ChaosBus, type ChaosRates } from "./bus/chaos-bus.js";
export { CrashableBus } from "./bus/crashable-bus.js";
export { ClockDriver, testBatch, testClusterDefinition } from "./participant/clock-driver.js";
export { kvWith } from "./bus/kv-with.js";
