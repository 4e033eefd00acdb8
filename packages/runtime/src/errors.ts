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

/**
 * A stream or bucket that keeps what it acknowledged (discard new) is at its limit: the write is
 * refused, nothing stored was dropped.
 */
export class StorageFullError extends OrbitwinError {
  override name = "StorageFullError";
  readonly store: string;
  constructor(store: string, limit: string, cause?: unknown) {
    super(
      ErrorCodes.storageFull,
      `${store} is full (${limit}): the write is refused so nothing acknowledged is dropped; raise its limit (docs/OPERATIONS.md, "Storage limits") or start a new run`,
      { cause },
    );
    this.store = store;
  }
}

/** A KV compare-and-set lost: the key is no longer at the revision the writer read. */
export class KvConflictError extends OrbitwinError {
  override name = "KvConflictError";
  readonly bucket: string;
  readonly key: string;
  readonly expectedRevision: number;
  constructor(bucket: string, key: string, expectedRevision: number, cause?: unknown) {
    const expected = expectedRevision === 0 ? "absent (revision 0 = create only)" : `at revision ${expectedRevision}`;
    super(ErrorCodes.invalidState, `KV key ${key} in bucket ${bucket} is not ${expected}: another writer changed it; read it again and retry`, {
      cause,
      retryable: true,
    });
    this.bucket = bucket;
    this.key = key;
    this.expectedRevision = expectedRevision;
  }
}
