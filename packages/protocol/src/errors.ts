/**
 * The error code catalogue. Codes are stable API: clients switch on them.
 * On the wire an error is `{ code, message, retryable }` (see messages/reply.ts).
 */
export const ErrorCodes = {
  invalidToken: "ORBITWIN_INVALID_TOKEN",
  messageTooLarge: "ORBITWIN_MESSAGE_TOO_LARGE",
  malformedMessage: "ORBITWIN_MALFORMED_MESSAGE",
  invalidMessage: "ORBITWIN_INVALID_MESSAGE",
  unknownSatellite: "ORBITWIN_UNKNOWN_SAT",
  unknownCluster: "ORBITWIN_UNKNOWN_CLUSTER",
  unknownHost: "ORBITWIN_UNKNOWN_HOST",
  unknownStream: "ORBITWIN_UNKNOWN_STREAM",
  invalidScenario: "ORBITWIN_INVALID_SCENARIO",
  invalidState: "ORBITWIN_INVALID_STATE",
  staleAssignment: "ORBITWIN_STALE_ASSIGNMENT",
  internal: "ORBITWIN_INTERNAL",
  noResponders: "ORBITWIN_NO_RESPONDERS",
  timeout: "ORBITWIN_TIMEOUT",
  unknownConjunction: "ORBITWIN_UNKNOWN_CONJUNCTION",
  staleCommand: "ORBITWIN_STALE_COMMAND",
  unknownJob: "ORBITWIN_UNKNOWN_JOB",
  /** a service's flags or environment (`orbitwin serve`, a service's main.ts) */
  invalidConfig: "ORBITWIN_INVALID_CONFIG",
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface WireError {
  code: string;
  message: string;
  retryable: boolean;
}

export class OrbitwinError extends Error {
  override name = "OrbitwinError";
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
  toWire(): WireError {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
  /** The error a reply carried, raised again on this side (its code kept as sent). */
  static fromWire(wire: WireError): OrbitwinError {
    return new OrbitwinError(wire.code as ErrorCode, wire.message, { retryable: wire.retryable });
  }
}

export class InvalidTokenError extends OrbitwinError {
  override name = "InvalidTokenError";
  constructor(what: string, token: unknown) {
    super(
      ErrorCodes.invalidToken,
      `${what} ${JSON.stringify(token)} is not a valid token: use 1-64 lower-case letters, digits and '-', starting with a letter or digit`,
    );
  }
}

export class MessageTooLargeError extends OrbitwinError {
  override name = "MessageTooLargeError";
  constructor(what: string, sizeBytes: number, maxBytes: number) {
    super(ErrorCodes.messageTooLarge, `${what} is ${sizeBytes} bytes, over the ${maxBytes}-byte limit`);
  }
}

export class MalformedMessageError extends OrbitwinError {
  override name = "MalformedMessageError";
  constructor(what: string, reason: string, cause?: unknown) {
    super(ErrorCodes.malformedMessage, `${what} is not valid MessagePack plain data: ${reason}`, { cause });
  }
}

export class InvalidMessageError extends OrbitwinError {
  override name = "InvalidMessageError";
  readonly problems: readonly string[];
  constructor(what: string, problems: readonly string[]) {
    super(ErrorCodes.invalidMessage, `${what} is invalid: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

export class InvalidScenarioError extends OrbitwinError {
  override name = "InvalidScenarioError";
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[], cause?: unknown) {
    super(ErrorCodes.invalidScenario, `scenario ${source} is invalid:\n  - ${problems.join("\n  - ")}`, { cause });
    this.problems = problems;
  }
}

/** Turns anything thrown into a wire error without leaking stacks. */
export function toWireError(err: unknown): WireError {
  if (err instanceof OrbitwinError) return err.toWire();
  return { code: ErrorCodes.internal, message: err instanceof Error ? err.message : String(err), retryable: false };
}
