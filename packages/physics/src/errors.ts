/**
 * Errors of the physics package. Each class sets `name`, a stable `code` (catalogued in
 * @orbitwin/protocol) and a message that names the bad input (source:line:column, option or
 * field) and how to fix it; an underlying error travels as `cause`.
 */
export interface PhysicsErrorOptions {
  /** the error that led to this one */
  cause?: unknown;
}

export class PhysicsInputError extends Error {
  override name = "PhysicsInputError";
  readonly code: string;
  constructor(code: string, message: string, options?: PhysicsErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** A NORAD two-line element set that cannot be read: the message names source:line[:column]. */
export class BadTleError extends PhysicsInputError {
  override name = "BadTleError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super("ORBITWIN_BAD_TLE", message, options);
  }
}

/** A CCSDS OMM (JSON or KVN) that cannot be read: the message names the record and the keyword. */
export class BadOmmError extends PhysicsInputError {
  override name = "BadOmmError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super("ORBITWIN_BAD_OMM", message, options);
  }
}

/** Mean elements SGP4 cannot start from: the message names the field and its valid range. */
export class BadElementsError extends PhysicsInputError {
  override name = "BadElementsError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super("ORBITWIN_BAD_ELEMENTS", message, options);
  }
}

/** A constellation-generator option out of range: the message names the option. */
export class BadGeneratorOptionError extends PhysicsInputError {
  override name = "BadGeneratorOptionError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super("ORBITWIN_BAD_GENERATOR_OPTION", message, options);
  }
}

/** A model parameter out of its range of validity (physics models other than orbits and data). */
export class BadModelInputError extends PhysicsInputError {
  override name = "BadModelInputError";
  constructor(message: string, options?: PhysicsErrorOptions) {
    super("ORBITWIN_BAD_PHYSICS_INPUT", message, options);
  }
}
