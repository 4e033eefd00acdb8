/**
 * Errors of the physics package. Each class sets `name`, a stable `code` from the project's
 * catalogue (@orbitwin/errors, a leaf physics may import) and a message that names the bad input
 * (source:line:column, option or field) and how to fix it; an underlying error travels as `cause`.
 */
import { ErrorCodes, OrbitwinError, type ErrorCode } from "@orbitwin/errors";

export interface PhysicsErrorOptions {
  /** the error that led to this one */
  cause?: unknown;
}

/** Bad input to a physics function: an OrbitwinError, so services answer it on the wire as it is. */
export class PhysicsInputError extends OrbitwinError {
  override name = "PhysicsInputError";
  constructor(code: ErrorCode, message: string, options?: PhysicsErrorOptions) {
    super(code, message, options);
  }
}

/** A NORAD two-line element set that cannot be read: the message names source:line[:column]. */
export class BadTleError extends PhysicsInputError {
  override name = "BadTleError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super(ErrorCodes.badTle, message, options);
  }
}

/** A CCSDS OMM (JSON or KVN) that cannot be read: the message names the record and the keyword. */
export class BadOmmError extends PhysicsInputError {
  override name = "BadOmmError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super(ErrorCodes.badOmm, message, options);
  }
}

/** Mean elements SGP4 cannot start from: the message names the field and its valid range. */
export class BadElementsError extends PhysicsInputError {
  override name = "BadElementsError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super(ErrorCodes.badElements, message, options);
  }
}

/** A constellation-generator option out of range: the message names the option. */
export class BadGeneratorOptionError extends PhysicsInputError {
  override name = "BadGeneratorOptionError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super(ErrorCodes.badGeneratorOption, message, options);
  }
}

/** A model parameter out of its range of validity (physics models other than orbits and data). */
export class BadModelInputError extends PhysicsInputError {
  override name = "BadModelInputError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super(ErrorCodes.badPhysicsInput, message, options);
  }
}
