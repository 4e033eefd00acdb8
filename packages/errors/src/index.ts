export { ErrorCodes, errorMeanings, isErrorCode, type ErrorCode } from "./catalogue.js";
export { OrbitwinError, asError, toWireError, type OrbitwinErrorOptions, type WireError } from "./orbitwin-error.js";
