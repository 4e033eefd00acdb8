import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends OrbitwinError {
  override name = "UsageError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.usage, message, options);
  }
}

/** A field name the history does not have: the message lists the ones it has. */
export class UnknownFieldError extends UsageError {
  override name = "UnknownFieldError";
}
