/**
 * NATS's refusal of a publish or subscribe (the user's role does not allow it), recognised through
 * any wrapping and raised as ORBITWIN_PERMISSION_DENIED: no retry can help, so callers stop at once.
 */
import { errors as natsErrors } from "@nats-io/transport-node";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

/** True when NATS refused this client a publish or subscribe (its role does not allow it): no retry can help. */
export function isPermissionDenied(err: unknown): boolean {
  if (err instanceof OrbitwinError) return err.code === ErrorCodes.permissionDenied;
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof natsErrors.PermissionViolationError) return true;
  return false;
}

/** The subject NATS refused, when `err` is (or wraps) its refusal. */
export function deniedSubject(err: unknown): string | undefined {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof natsErrors.PermissionViolationError) return e.subject;
  return undefined;
}

/** NATS's refusal as an OrbitwinError that names the subject and where the roles are written down. */
export function permissionDenied(err: unknown): OrbitwinError {
  if (err instanceof OrbitwinError && err.code === ErrorCodes.permissionDenied) return err;
  let e = err;
  while (e instanceof Error && !(e instanceof natsErrors.PermissionViolationError)) e = e.cause;
  const what = e instanceof Error ? e.message : String(err);
  return new OrbitwinError(ErrorCodes.permissionDenied, `${what}: this NATS user's role does not allow it (docs/OPERATIONS.md, "Roles")`, { cause: err });
}
