/**
 * Coordinated checkpoints in JetStream KV (bucket `ot-<run>-checkpoints`). Every participant saves
 * its own state at a tick under its own key; the coordinator marks a checkpoint complete with a
 * manifest once every participant has saved it, and prunes old ones. State is a msgpack snapshot
 * with typed arrays kept exact (NaN, -0, Infinity); large snapshots are split into chunks that fit
 * a NATS message.
 */
import { Packr } from "msgpackr";
import { ErrorCodes, OrbitwinError, buckets } from "@orbitwin/protocol";
import type { Bus, KvStore } from "./bus/bus.js";
import { StateDigest } from "./state-digest.js";

const CHUNK_BYTES = 512 * 1024;
const snapshotPackr = new Packr({ moreTypes: true, useRecords: false, structuredClone: false });

/** A snapshot past this many bytes keeps the buffer it was packed into, and the packer gets a fresh one. */
const LARGE_SNAPSHOT_BYTES = 1024 * 1024;

/** Serializes participant state: plain data and typed arrays, restored bit for bit. */
export function packSnapshot(value: unknown): Uint8Array {
  const packed = snapshotPackr.pack(value);
  if (packed.byteLength < LARGE_SNAPSHOT_BYTES) return new Uint8Array(packed);
  // The packer grows one buffer and reuses it: after the thermal service's state at a million
  // satellites it would hold 90 MB for the rest of the run. The big result keeps that buffer
  // (no copy) and the packer starts over with a small one.
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
 * vouches for, change in a way older code would misread.
 */
export const MANIFEST_FORMAT = 1;

export interface CheckpointManifest {
  /** the format of this manifest and its snapshots; absent = 1 */
  format?: number;
  tick: number;
  epoch: number;
  participants: string[];
  savedAtMs: number;
  /** the coordinator's own state at the checkpoint (its fault book), for a coordinator that resumes the run */
  coordinator?: unknown;
}

export class CheckpointStore {
  readonly #kv: KvStore;

  private constructor(kv: KvStore) {
    this.#kv = kv;
  }

  static async open(bus: Bus, run: string): Promise<CheckpointStore> {
    return new CheckpointStore(await bus.kv(buckets.checkpoints(run)));
  }

  /** Saves one participant's (or one cluster's) state at `tick` under `name`. */
  async save(tick: number, name: string, state: unknown): Promise<void> {
    const bytes = packSnapshot(state);
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    const base = `${tickKey(tick)}.${name}`;
    for (let i = 0; i < chunks; i++) await this.#kv.put(`${base}.${i}`, bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
    // The header goes last: a reader that finds it finds every chunk.
    await this.#kv.put(`${base}.n`, packSnapshot({ chunks, bytes: bytes.length }));
  }

  async load<T>(tick: number, name: string): Promise<T | undefined> {
    const base = `${tickKey(tick)}.${name}`;
    const header = await this.#kv.get(`${base}.n`);
    if (!header) return undefined;
    const { chunks, bytes } = unpackSnapshot<{ chunks: number; bytes: number }>(header.value);
    const out = new Uint8Array(bytes);
    let at = 0;
    for (let i = 0; i < chunks; i++) {
      const part = await this.#kv.get(`${base}.${i}`);
      if (!part) throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `checkpoint ${tick} of ${name}: chunk ${i} of ${chunks} is missing`);
      out.set(part.value, at);
      at += part.value.length;
    }
    if (at !== bytes) throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `checkpoint ${tick} of ${name}: ${at} bytes read, ${bytes} expected`);
    return unpackSnapshot<T>(out);
  }

  async markComplete(manifest: CheckpointManifest): Promise<void> {
    await this.#kv.put(`${tickKey(manifest.tick)}.manifest`, packSnapshot({ ...manifest, format: MANIFEST_FORMAT }));
  }

  /** The newest complete checkpoint, if any. */
  async latest(): Promise<CheckpointManifest | undefined> {
    const last = (await this.completeTicks()).at(-1);
    return last === undefined ? undefined : this.manifest(last);
  }

  /** The ticks of the complete checkpoints, oldest first. */
  async completeTicks(): Promise<number[]> {
    // Manifests only: an operator's role may read them, never a checkpoint's contents.
    return (await this.#kv.keys("*.manifest")).map((k) => Number(k.slice(1, k.indexOf(".")))).sort((a, b) => a - b);
  }

  /** The manifest of the complete checkpoint of `tick`; one of a format this code does not know is refused. */
  async manifest(tick: number): Promise<CheckpointManifest | undefined> {
    const entry = await this.#kv.get(`${tickKey(tick)}.manifest`);
    if (!entry) return undefined;
    const manifest = unpackSnapshot<CheckpointManifest>(entry.value);
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
    for (const k of await this.#kv.keys()) if (k.slice(0, k.indexOf(".")) > kept) await this.#kv.delete(k);
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
    for (const k of await this.#kv.keys()) await this.#kv.delete(k);
  }

  /** Keeps the newest `keep` complete checkpoints (and anything newer); deletes the rest. */
  async prune(keep: number): Promise<void> {
    const keys = await this.#kv.keys();
    const complete = keys
      .filter((k) => k.endsWith(".manifest"))
      .map((k) => k.slice(0, k.indexOf(".")))
      .sort();
    if (complete.length <= keep) return;
    const oldestKept = complete[complete.length - keep]!;
    for (const k of keys) if (k.slice(0, k.indexOf(".")) < oldestKept) await this.#kv.delete(k);
  }
}
