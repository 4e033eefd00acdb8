import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

export class NoRespondersError extends OrbitwinError {
  override name = "NoRespondersError";
  readonly subject: string;
  constructor(subject: string, cause?: unknown) {
    super(ErrorCodes.noResponders, `no service answers on ${subject}: is it running, and is it the same run id?`, { cause, retryable: true });
    this.subject = subject;
  }
}

export class RequestTimeoutError extends OrbitwinError {
  override name = "RequestTimeoutError";
  readonly subject: string;
  constructor(subject: string, timeoutMs: number, cause?: unknown) {
    super(ErrorCodes.timeout, `no answer on ${subject} within ${timeoutMs} ms`, { cause, retryable: true });
    this.subject = subject;
  }
}

export class InvalidStateError extends OrbitwinError {
  override name = "InvalidStateError";
  constructor(what: string, state: string, operation: string) {
    super(ErrorCodes.invalidState, `cannot ${operation} ${what} while it is ${state}`);
  }
}
