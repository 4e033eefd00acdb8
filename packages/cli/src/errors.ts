/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly code = "ORBITWIN_USAGE";
}

/** A field name the history does not have: the message lists the ones it has. */
export class UnknownFieldError extends UsageError {
  override name = "UnknownFieldError";
}
