/**
 * MessagePack codec. Two encoders share one decoder:
 * - `public` messages (telemetry, events, control, commands) are standard MessagePack maps that
 *   any client in any language decodes without orbitwin's code;
 * - `internal` messages (the clock protocol and membership, sent every tick between orbitwin
 *   processes) use msgpackr records with the fixed, append-only structure list below.
 * A flat public map, a cluster's batch above all, has its own encoder and decoder of the same
 * bytes (flat-map-codec.ts).
 * Inbound bytes are untrusted: size cap, then decode, then the plain-data guard, then the schema.
 */
import { Packr, RESET_BUFFER_MODE, Unpackr } from "msgpackr";
import { transientCopy } from "./byte-pool.js";
import { decodeFlatMap } from "./flat-map-codec.js";
import { MalformedMessageError, MessageTooLargeError } from "./errors.js";
import { plainDataProblem, type PlainDataLimits, defaultPlainDataLimits } from "./plain-data.js";

/**
 * Record structures of internal messages, by slot. APPEND ONLY: a slot's key list never changes
 * and slots are never reused, so old and new processes keep understanding each other.
 */
export const INTERNAL_STRUCTURES: readonly (readonly string[])[] = Object.freeze([
  Object.freeze(["v", "tick", "simTimeMs", "dtMs", "epoch", "wantDigest"]),
  Object.freeze(["v", "tick", "host", "epoch", "clusters", "satellites", "sunlit", "failed", "stepMs", "digests"]),
  Object.freeze(["cluster", "digest"]),
  Object.freeze(["v", "host", "seq", "pid", "hostname", "startedAtMs", "clusters", "epoch"]),
  Object.freeze(["v", "tick", "host", "epoch", "clusters", "satellites", "sunlit", "failed", "stepMs", "digests", "subsystems"]),
  Object.freeze([
    "generatedW",
    "consumedW",
    "acceleratorsActive",
    "acceleratorsFailed",
    "sparesLeft",
    "acceleratorHours",
    "tempComputeMinK",
    "tempComputeSumK",
    "tempComputeMaxK",
    "withBus",
    "byHealth",
  ]),
]);

/** @default 8 MiB: a NATS max_payload we ship in deploy/nats is 8 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const publicPackr = new Packr({ useRecords: false, moreTypes: false, variableMapSize: true });

const internalPackr = new Packr({
  structures: INTERNAL_STRUCTURES.map((keys) => [...keys]),
  maxSharedStructures: INTERNAL_STRUCTURES.length,
  shouldShareStructure: () => false,
  useRecords: (value: unknown) => isInternalShape(value),
  variableMapSize: true,
  saveStructures: () => false,
});

// Asked of every object an internal message holds, thousands of times a second: keys are
// compared in place rather than joined into a string to look up.
function isInternalShape(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const keys = Object.keys(value);
  return INTERNAL_STRUCTURES.some((structure) => sameKeys(keys, structure));
}

function sameKeys(keys: readonly string[], structure: readonly string[]): boolean {
  if (keys.length !== structure.length) return false;
  for (let k = 0; k < keys.length; k++) if (keys[k] !== structure[k]) return false;
  return true;
}

/**
 * Internal decoders are built per message from a fresh copy of the structure list: an inline
 * record definition in untrusted bytes can then never overwrite a shared slot for later
 * messages. Public messages are decoded without structures: with them, standard positive
 * fixints 0x40.. would be read as record references.
 */
function newUnpackr(kind: CodecKind): Unpackr {
  if (kind === "public") return new Unpackr({ mapsAsObjects: true, moreTypes: false, int64AsType: "number" });
  return new Unpackr({
    structures: INTERNAL_STRUCTURES.map((keys) => [...keys]),
    maxSharedStructures: INTERNAL_STRUCTURES.length,
    mapsAsObjects: true,
    moreTypes: false,
    int64AsType: "number",
  });
}

export type CodecKind = "public" | "internal";

/**
 * Encodes to bytes of the caller's own. msgpackr returns a view into a buffer it reuses on the
 * next call, and NATS clients may hold a payload until they flush, so the bytes are copied out
 * (into a shared slab when small: byte-pool.ts). Once copied, the next message may overwrite them
 * (RESET_BUFFER_MODE): without it msgpackr writes each message after the last and takes a new 8 KB
 * buffer every few messages, which a twin sending thousands of ticks a second pays for in
 * allocation and garbage collection.
 */
export function encodeMessage(value: unknown, kind: CodecKind = "public"): Uint8Array {
  return transientCopy((kind === "internal" ? internalPackr : publicPackr).pack(value, RESET_BUFFER_MODE));
}

export interface DecodeLimits extends PlainDataLimits {
  maxBytes: number;
}

export const defaultDecodeLimits: DecodeLimits = Object.freeze({ ...defaultPlainDataLimits, maxBytes: DEFAULT_MAX_MESSAGE_BYTES });

/** Decodes untrusted bytes into plain data or throws a MalformedMessageError / MessageTooLargeError. */
export function decodeUntrusted(bytes: Uint8Array, what: string, limits: DecodeLimits = defaultDecodeLimits, kind: CodecKind = "public"): unknown {
  if (!(bytes instanceof Uint8Array)) throw new MalformedMessageError(what, "payload is not bytes");
  if (bytes.byteLength > limits.maxBytes) throw new MessageTooLargeError(what, bytes.byteLength, limits.maxBytes);
  if (bytes.byteLength === 0) throw new MalformedMessageError(what, "payload is empty");
  // A flat map (a cluster's batch) is read without msgpackr, and its values need no guard walk.
  if (kind === "public" && limits.maxDepth >= 2) {
    const flat = decodeFlatMap(bytes, limits.maxLength);
    if (flat !== undefined) return flat;
  }
  let value: unknown;
  try {
    value = newUnpackr(kind).unpack(bytes);
  } catch (err) {
    throw new MalformedMessageError(what, err instanceof Error ? err.message : String(err), err);
  }
  const problem = plainDataProblem(value, limits);
  if (problem) throw new MalformedMessageError(what, problem);
  return value;
}
