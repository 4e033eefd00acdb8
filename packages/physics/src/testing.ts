/** Reference implementations that tests and benchmarks check the fast ones against: `@orbitwin/physics/testing`. */
export { bruteForceCandidates, refineCandidates } from "./screening-reference.js";
