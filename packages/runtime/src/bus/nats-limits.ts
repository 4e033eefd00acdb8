/**
 * Byte and age limits of JetStream streams and KV buckets after they exist, and the refusal of a
 * full one. JetStream applies a smaller max_bytes by purging what no longer fits (a discard-new
 * KV bucket measured on 2.9.10 was emptied), so a limit below what a store keeping acknowledged
 * data holds is refused here instead of applied.
 */
import { DiscardPolicy, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { StorageFullError } from "../errors.js";

const NANOS_PER_MS = 1_000_000;
/** JetStream's error code for a store at its limit with discard new ("maximum bytes exceeded", "maximum messages exceeded"). */
const STORE_FULL_CODE = 10077;
/** JetStream's error code for a limit the server cannot reserve ("insufficient storage resources available"). */
const INSUFFICIENT_RESOURCES_CODE = 10047;

export interface StoreLimits {
  maxBytes?: number;
  maxAgeMs?: number;
}

/** Sets `limits` on the stream `stream` (a bucket's is `KV_<bucket>`), when they differ from its own. */
export async function applyLimits(jsm: JetStreamManager, stream: string, what: string, limits: StoreLimits): Promise<void> {
  if (limits.maxBytes === undefined && limits.maxAgeMs === undefined) return;
  const { config, state } = await jsm.streams.info(stream);
  const maxBytes = limits.maxBytes ?? config.max_bytes;
  const maxAge = limits.maxAgeMs === undefined ? config.max_age : limits.maxAgeMs * NANOS_PER_MS;
  if (maxBytes === config.max_bytes && maxAge === config.max_age) return;
  if (config.discard === DiscardPolicy.New) assertFits(what, state.bytes, maxBytes);
  // The server refuses a duplicate window longer than max_age.
  const duplicateWindow = maxAge > 0 ? Math.min(config.duplicate_window, maxAge) : config.duplicate_window;
  try {
    await jsm.streams.update(stream, { ...config, max_bytes: maxBytes, max_age: maxAge, duplicate_window: duplicateWindow });
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === INSUFFICIENT_RESOURCES_CODE)) throw err;
    throw new OrbitwinError(
      ErrorCodes.invalidConfig,
      `${what}: the NATS server cannot reserve the ${maxBytes} bytes asked for (${err.message}); ask for less or give the server more JetStream storage (max_file_store)`,
    );
  }
}

/** Refuses a limit below what a store that keeps what it acknowledged (discard new) holds. */
export function assertFits(what: string, heldBytes: number, maxBytes: number): void {
  if (maxBytes <= 0 || heldBytes <= maxBytes) return;
  throw new OrbitwinError(
    ErrorCodes.invalidConfig,
    `${what} holds ${heldBytes} bytes, more than the limit ${maxBytes} asked for; JetStream would drop what it holds: give a limit of at least ${heldBytes} bytes`,
  );
}

/** A discard-new store's refusal as a StorageFullError naming it; any other error as it is. */
export function refusalOf(err: unknown, store: string): unknown {
  if (err instanceof JetStreamApiError && err.code === STORE_FULL_CODE) return new StorageFullError(store, err.message, err);
  return err;
}
