/**
 * Coordinated checkpoints in JetStream KV (bucket `ot-<run>-checkpoints`). Every participant saves
 * its own state at a tick under its own key; the coordinator marks a checkpoint complete with a
 * manifest once every participant has saved it, and prunes old ones. State is a msgpack snapshot
 * with typed arrays kept exact (NaN, -0, Infinity), packed piece by piece into chunks that fit a
 * NATS message (a large state is never held packed whole). Every snapshot's header carries the SHA-256 of its bytes, and every manifest its
 * own SHA-256 and run id, so a corrupted or foreign checkpoint is refused on load, naming its key
 * (the coordinator then falls back to an older one).
 */
import { createHash } from "node:crypto";
import { Packr } from "msgpackr";
import { ErrorCodes, OrbitwinError, buckets } from "@orbitwin/protocol";
import type { Bus, KvStore } from "./bus/bus.js";
import { snapshotPieces } from "./snapshot-pieces.js";
import { StateDigest } from "./state-digest.js";

const CHUNK_BYTES = 512 * 1024;
/**
 * Chunk writes (or reads) of one snapshot under way at once. Each is a JetStream round trip: one
 * after another, a 20 MB state (thermal's at 300,000 satellites) spent most of its save waiting.
 */
export const CHUNKS_IN_FLIGHT = 8;
const snapshotPackr = new Packr({ moreTypes: true, useRecords: false, structuredClone: false });

/** A snapshot past this many bytes keeps the buffer it was packed into, and the packer gets a fresh one. */
const LARGE_SNAPSHOT_BYTES = 1024 * 1024;

/** Serializes participant state: plain data and typed arrays, restored bit for bit. */
export function packSnapshot(value: unknown): Uint8Array {
  const packed = snapshotPackr.pack(value);
  if (packed.byteLength < LARGE_SNAPSHOT_BYTES) return new Uint8Array(packed);
  // The packer grows one buffer and reuses it: after one large value (a debris catalog, a
  // whole participant's state packed at once) it would hold that much for the rest of the run.
  // The big result keeps that buffer (no copy) and the packer starts over with a small one.
  snapshotPackr.useBuffer(Buffer.alloc(64 * 1024));
  return packed;
}

export function unpackSnapshot<T>(bytes: Uint8Array): T {
  return snapshotPackr.unpack(bytes) as T;
}

/** The digest of a snapshot as a checkpoint stores it: equal digests, bit-identical saved state. */
export function snapshotDigest(value: unknown): string {
  return new StateDigest().update(packSnapshot(value)).hex();
}

const tickKey = (tick: number) => `t${String(tick).padStart(10, "0")}`;

/**
 * The manifest format this code writes and the newest it reads. A manifest without `format` is
 * format 1 (written before manifests carried it). Bump it when a manifest, or the snapshots it
 * vouches for, change in a way older code would misread. Format 2: manifests and snapshot headers
 * carry SHA-256 hashes (format 1 ones, which have none, are read unchecked).
 */
export const MANIFEST_FORMAT = 2;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** How a snapshot's header describes it; `sha256` from format 2 on. */
interface SnapshotHeader {
  format?: number;
  chunks: number;
  bytes: number;
  sha256?: string;
}

/** A format-2 manifest as stored: the packed manifest and its hash, so a flipped byte is seen before it is believed. */
interface SealedManifest {
  sealed: Uint8Array;
  sha256: string;
}

export interface CheckpointManifest {
  /** the format of this manifest and its snapshots; absent = 1 */
  format?: number;
  /** the run that wrote it (from format 2 on): a checkpoint of another run is refused */
  run?: string;
  tick: number;
  epoch: number;
  participants: string[];
  savedAtMs: number;
  /** the coordinator's own state at the checkpoint (its fault book), for a coordinator that resumes the run */
  coordinator?: unknown;
}

export class CheckpointStore {
  readonly #kv: KvStore;
  readonly #run: string;

  private constructor(kv: KvStore, run: string) {
    this.#kv = kv;
    this.#run = run;
  }

  static async open(bus: Bus, run: string): Promise<CheckpointStore> {
    return new CheckpointStore(await bus.kv(buckets.checkpoints(run)), run);
  }

  /**
   * Saves one participant's (or one cluster's) state at `tick` under `name`. It is packed piece by
   * piece (snapshot-pieces.ts) and written a chunk at a time, up to CHUNKS_IN_FLIGHT at once,
   * so the state is never held packed whole: the caller must not change it until this resolves.
   */
  async save(tick: number, name: string, state: unknown): Promise<void> {
    const base = `${tickKey(tick)}.${name}`;
    const hash = createHash("sha256");
    let chunks = 0;
    let bytes = 0;
    let chunk = new Uint8Array(CHUNK_BYTES);
    let filled = 0;
    const puts: Promise<void>[] = [];
    let failure: { err: unknown } | undefined;
    const flush = async () => {
      // A failed write is kept, not left unhandled while earlier ones are awaited.
      puts.push(
        this.#kv.put(`${base}.${chunks++}`, chunk.subarray(0, filled)).then(
          () => undefined,
          (err: unknown) => void (failure ??= { err }),
        ),
      );
      chunk = new Uint8Array(CHUNK_BYTES);
      filled = 0;
      if (puts.length >= CHUNKS_IN_FLIGHT) await puts.shift();
      if (failure) throw failure.err;
    };
    for (const piece of snapshotPieces(state, packSnapshot)) {
      hash.update(piece);
      bytes += piece.length;
      for (let at = 0; at < piece.length;) {
        const taken = Math.min(CHUNK_BYTES - filled, piece.length - at);
        chunk.set(piece.subarray(at, at + taken), filled);
        filled += taken;
        at += taken;
        if (filled === CHUNK_BYTES) await flush();
      }
    }
    if (filled > 0 || chunks === 0) await flush();
    await Promise.all(puts);
    if (failure) throw failure.err;
    // The header goes last: a reader that finds it finds every chunk.
    const header: SnapshotHeader = { format: MANIFEST_FORMAT, chunks, bytes, sha256: hash.digest("hex") };
    await this.#kv.put(`${base}.n`, packSnapshot(header));
  }

  /** The state saved under `name` at `tick`; undefined when none was; refused (corruptCheckpoint, naming the key) when it fails its checks. */
  async load<T>(tick: number, name: string): Promise<T | undefined> {
    const bytes = await this.#read(tick, name);
    return bytes && this.#decode<T>(bytes, () => this.#corrupt(tick, name, "its state does not decode"));
  }

  /**
   * The first problem of checkpoint `tick` (its manifest, then every saved state's bytes against
   * its hash), or undefined when it is sound: a participant's word that it is corrupt is checked.
   */
  async problem(tick: number): Promise<string | undefined> {
    const prefix = `${tickKey(tick)}.`;
    try {
      await this.manifest(tick);
      for (const k of await this.#kv.keys()) if (k.startsWith(prefix) && k.endsWith(".n")) await this.#read(tick, k.slice(prefix.length, -2));
      return undefined;
    } catch (err) {
      if (err instanceof OrbitwinError && err.code === ErrorCodes.corruptCheckpoint) return err.message;
      throw err;
    }
  }

  #corrupt(tick: number, name: string, what: string): OrbitwinError {
    return new OrbitwinError(
      ErrorCodes.corruptCheckpoint,
      `checkpoint ${tick} of ${name} (key ${tickKey(tick)}.${name}.* in bucket ${this.#kv.bucket}): ${what}`,
    );
  }

  /** A saved state's bytes, checked against its header. */
  async #read(tick: number, name: string): Promise<Uint8Array | undefined> {
    const base = `${tickKey(tick)}.${name}`;
    const entry = await this.#kv.get(`${base}.n`);
    if (!entry) return undefined;
    const corrupt = (what: string) => this.#corrupt(tick, name, what);
    const header = this.#decode<SnapshotHeader>(entry.value, () => corrupt("its header does not decode"));
    const format = header.format ?? 1;
    if (!Number.isInteger(format) || format < 1 || format > MANIFEST_FORMAT)
      throw corrupt(`its format is ${String(format)}; this orbitwin reads 1 to ${MANIFEST_FORMAT}`);
    const { chunks, bytes } = header;
    if (!Number.isSafeInteger(chunks) || !Number.isSafeInteger(bytes) || chunks < 1 || bytes < 0) throw corrupt("its header has no valid chunk count and size");
    if (format >= 2 && typeof header.sha256 !== "string") throw corrupt("its header has no SHA-256");
    const out = new Uint8Array(bytes);
    let at = 0;
    for (let first = 0; first < chunks; first += CHUNKS_IN_FLIGHT) {
      const window = Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, chunks - first) }, (_, k) => this.#kv.get(`${base}.${first + k}`));
      const parts = await Promise.all(window);
      for (const [k, part] of parts.entries()) {
        if (!part) throw corrupt(`chunk ${first + k} of ${chunks} is missing`);
        if (at + part.value.length > bytes) throw corrupt(`its chunks hold more than the ${bytes} bytes its header says`);
        out.set(part.value, at);
        at += part.value.length;
      }
    }
    if (at !== bytes) throw corrupt(`${at} bytes read, ${bytes} expected`);
    if (header.sha256 !== undefined && sha256(out) !== header.sha256) throw corrupt("its bytes do not match the SHA-256 in its header");
    return out;
  }

  #decode<T>(bytes: Uint8Array, refusal: () => OrbitwinError): T {
    try {
      return unpackSnapshot<T>(bytes);
    } catch (err) {
      throw Object.assign(refusal(), { cause: err });
    }
  }

  async markComplete(manifest: CheckpointManifest): Promise<void> {
    const sealed = packSnapshot({ ...manifest, format: MANIFEST_FORMAT, run: this.#run });
    const stored: SealedManifest = { sealed, sha256: sha256(sealed) };
    await this.#kv.put(`${tickKey(manifest.tick)}.manifest`, packSnapshot(stored));
  }

  /** The newest complete checkpoint, if any. */
  async latest(): Promise<CheckpointManifest | undefined> {
    const last = (await this.completeTicks()).at(-1);
    return last === undefined ? undefined : this.manifest(last);
  }

  /**
   * The newest complete checkpoint whose manifest passes its checks; each refused one is handed
   * to `onRefused` (to be logged) and passed over for an older one.
   */
  async latestValid(onRefused: (err: OrbitwinError) => void): Promise<CheckpointManifest | undefined> {
    for (const tick of (await this.completeTicks()).reverse()) {
      try {
        const manifest = await this.manifest(tick);
        if (manifest) return manifest;
      } catch (err) {
        if (!(err instanceof OrbitwinError) || err.code !== ErrorCodes.corruptCheckpoint) throw err;
        onRefused(err);
      }
    }
    return undefined;
  }

  /** Deletes every key of the checkpoint of `tick` (one found corrupt: no restore may choose it again). */
  async discard(tick: number): Promise<void> {
    const prefix = `${tickKey(tick)}.`;
    // The manifest first: without it the checkpoint is no longer complete, whatever is left.
    await this.#kv.delete(`${prefix}manifest`);
    await this.#kv.deleteMatching(`${prefix}>`);
  }

  /** The ticks of the complete checkpoints, oldest first. */
  async completeTicks(): Promise<number[]> {
    // Manifests only: a listing reads no participant's state.
    return (await this.#kv.keys("*.manifest")).map((k) => Number(k.slice(1, k.indexOf(".")))).sort((a, b) => a - b);
  }

  /**
   * The manifest of the complete checkpoint of `tick`. One that fails its hash, belongs to another
   * run or does not decode is refused (corruptCheckpoint, naming its key); one of a format this
   * code does not know is refused too.
   */
  async manifest(tick: number): Promise<CheckpointManifest | undefined> {
    const key = `${tickKey(tick)}.manifest`;
    const entry = await this.#kv.get(key);
    if (!entry) return undefined;
    const corrupt = (what: string) => new OrbitwinError(ErrorCodes.corruptCheckpoint, `checkpoint ${tick} (key ${key} in bucket ${this.#kv.bucket}): ${what}`);
    const stored = this.#decode<Partial<SealedManifest> & CheckpointManifest>(entry.value, () => corrupt("its manifest does not decode"));
    let manifest: CheckpointManifest = stored;
    if (stored.sealed instanceof Uint8Array) {
      if (sha256(stored.sealed) !== stored.sha256) throw corrupt("its manifest does not match its SHA-256");
      manifest = this.#decode<CheckpointManifest>(stored.sealed, () => corrupt("its manifest does not decode"));
      if (manifest.run !== this.#run) throw corrupt(`it belongs to run ${String(manifest.run)}, not ${this.#run}`);
    } else if (stored.format !== undefined && stored.format >= 2 && stored.format <= MANIFEST_FORMAT) throw corrupt("its manifest has no SHA-256");
    if (typeof manifest !== "object" || manifest === null || manifest.tick !== tick) throw corrupt("its manifest is not one of this tick");
    const format = manifest.format ?? 1;
    if (!Number.isInteger(format) || format < 1 || format > MANIFEST_FORMAT) {
      throw new OrbitwinError(
        ErrorCodes.invalidState,
        `checkpoint ${tick} in bucket ${this.#kv.bucket} has manifest format ${String(format)}; this orbitwin reads formats 1 to ${MANIFEST_FORMAT}: resume or fork it with the orbitwin that wrote it, or a newer one`,
      );
    }
    return manifest;
  }

  /** Deletes every checkpoint after `tick` (after going back to it, they belong to a timeline left behind). */
  async dropAfter(tick: number): Promise<void> {
    const kept = tickKey(tick);
    for (const t of await this.#storedTicks()) if (t > kept) await this.#kv.deleteMatching(`${t}.>`);
  }

  /**
   * Copies the complete checkpoint of `tick` into another run's store, the manifest last and
   * rewritten by `manifest` (a fork starts from it).
   */
  async copyTo(target: CheckpointStore, tick: number, manifest: (m: CheckpointManifest) => CheckpointManifest): Promise<void> {
    const source = await this.manifest(tick);
    if (!source) throw new OrbitwinError(ErrorCodes.invalidState, `no complete checkpoint at tick ${tick}: orbitwin ctl checkpoints lists the ones there are`);
    const prefix = `${tickKey(tick)}.`;
    for (const k of await this.#kv.keys()) {
      if (!k.startsWith(prefix) || k.endsWith(".manifest")) continue;
      const entry = await this.#kv.get(k);
      if (entry) await target.#kv.put(k, entry.value);
    }
    await target.markComplete(manifest(source));
  }

  /** Removes every checkpoint: a run that starts afresh must never restore another run's state. */
  async clear(): Promise<void> {
    await this.#kv.deleteMatching(">");
  }

  /**
   * Keeps the newest `keep` complete checkpoints (and anything newer); deletes the rest, a whole
   * checkpoint at a time. It reads the manifests only: it runs after every checkpoint, and reading
   * every stored key to list them pulled all the kept checkpoints' state through the coordinator.
   */
  async prune(keep: number): Promise<void> {
    const complete = await this.completeTicks();
    if (complete.length <= keep) return;
    const oldestKept = tickKey(complete[complete.length - keep]!);
    for (const t of await this.#storedTicks()) if (t < oldestKept) await this.#kv.deleteMatching(`${t}.>`);
  }

  /** The tick keys (`t0000000100`) that any entry is stored under, read from the bucket's index. */
  async #storedTicks(): Promise<string[]> {
    return [...new Set((await this.#kv.keys(">", { unread: true })).map((k) => k.slice(0, k.indexOf("."))))];
  }
}
