import { ErrorCodes, isErrorCode, type ErrorCode } from "./catalogue.js";

/** An error as it travels in a reply: `{ code, message, retryable }` (protocol messages/reply.ts). */
export interface WireError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface OrbitwinErrorOptions {
  /** the error that led to this one */
  cause?: unknown;
  /** whether the same request may succeed later unchanged @default false */
  retryable?: boolean;
}

/**
 * The one root of every error the project raises on purpose: a catalogued `code`, a message
 * that names the field and the fix, and whether trying again may help.
 */
export class OrbitwinError extends Error {
  override name = "OrbitwinError";
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, options?: OrbitwinErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
  toWire(): WireError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
  /**
   * The error a reply carried, raised again on this side. A code this build does not know (a
   * newer peer's) is kept in the message and raised as ORBITWIN_INTERNAL.
   */
  static fromWire(wire: WireError): OrbitwinError {
    if (isErrorCode(wire.code)) return new OrbitwinError(wire.code, wire.message, { retryable: wire.retryable });
    return new OrbitwinError(ErrorCodes.internal, `${wire.code}: ${wire.message}`, { retryable: wire.retryable });
  }
}

/** Turns anything thrown into a wire error without leaking stacks. */
export function toWireError(err: unknown): WireError {
  if (err instanceof OrbitwinError) return err.toWire();
  return { code: ErrorCodes.internal, message: err instanceof Error ? err.message : String(err), retryable: false };
}

/**
 * Anything thrown, as an Error: a library or a handler may throw a string or a plain object, and
 * rejections and `closed()` results must be Errors. An Error stays as it is; anything else
 * becomes ORBITWIN_INTERNAL with its text as the message and itself as `cause`.
 */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new OrbitwinError(ErrorCodes.internal, String(err), { cause: err });
}
