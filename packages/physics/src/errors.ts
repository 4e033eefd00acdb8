/** Errors of the physics package: a stable code, and a message naming the bad input and the fix. */
export class PhysicsInputError extends Error {
  override name = "PhysicsInputError";
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class BadTleError extends PhysicsInputError {
  override name = "BadTleError";
  constructor(message: string) {
    super("ORBITWIN_BAD_TLE", message);
  }
}

export class BadOmmError extends PhysicsInputError {
  override name = "BadOmmError";
  constructor(message: string) {
    super("ORBITWIN_BAD_OMM", message);
  }
}

export class BadElementsError extends PhysicsInputError {
  override name = "BadElementsError";
  constructor(message: string) {
    super("ORBITWIN_BAD_ELEMENTS", message);
  }
}

export class BadGeneratorOptionError extends PhysicsInputError {
  override name = "BadGeneratorOptionError";
  constructor(message: string) {
    super("ORBITWIN_BAD_GENERATOR_OPTION", message);
  }
}
