/**
 * The coordinator lease in JetStream KV (bucket `ot-<run>-registry`, key `coordinator-lease`):
 * one coordinator drives a run at a time. The holder renews it every second by compare-and-set;
 * a standby that sees the revision unchanged for the time-to-live takes it over the same way,
 * so two standbys cannot both win, and a holder that finds its revision gone steps down.
 */
import { registryKeys } from "@orbitwin/protocol";
import { KvConflictError, type KvStore, type WallClock } from "@orbitwin/runtime";

const KEY = registryKeys.coordinatorLease;

export class CoordinatorLease {
  readonly #kv: KvStore;
  readonly #holder: string;
  readonly #wallClock: WallClock;
  readonly #ttlMs: number;
  readonly #onError: ((err: unknown) => void) | undefined;
  #revision = 0;

  constructor(options: { kv: KvStore; holder: string; wallClock: WallClock; ttlMs?: number; onError?: (err: unknown) => void }) {
    this.#onError = options.onError;
    this.#kv = options.kv;
    this.#holder = options.holder;
    this.#wallClock = options.wallClock;
    this.#ttlMs = options.ttlMs ?? 3000;
  }

  /**
   * Resolves once this holder owns the lease; false when `signal` aborts first. A standby waits
   * for a holder to appear and go silent: it never takes a lease nobody has held, so it cannot
   * win the start-up race against the coordinator it stands by for.
   */
  async acquire(signal: AbortSignal, options: { standby?: boolean } = {}): Promise<boolean> {
    let seenRevision = -1;
    let seenAtMs = this.#wallClock.now();
    while (!signal.aborted) {
      let entry: Awaited<ReturnType<KvStore["get"]>>;
      try {
        entry = await this.#kv.get(KEY);
      } catch (err) {
        // NATS may not answer for a while (a node lost, leaders being elected): ask again.
        this.#onError?.(err);
        await this.#wallClock.sleep(Math.min(500, this.#ttlMs / 3), signal);
        continue;
      }
      const revision = entry?.revision ?? 0;
      if (revision !== seenRevision) {
        seenRevision = revision;
        seenAtMs = this.#wallClock.now();
      }
      const silent = this.#wallClock.now() - seenAtMs >= this.#ttlMs;
      const free = revision === 0 ? !options.standby : silent && entry !== undefined;
      if (free) {
        try {
          this.#revision = await this.#kv.update(KEY, this.#value(), revision);
          return true;
        } catch {
          // Someone else took it first: watch the new holder.
        }
      }
      await this.#wallClock.sleep(Math.min(500, this.#ttlMs / 3), signal);
    }
    return false;
  }

  /**
   * Renews the lease: true when renewed, false when another coordinator has taken it. Any other
   * failure (NATS not answering for a while, as when a node is lost) is thrown: the holder keeps
   * driving the run and tries again, rather than leaving the run with no coordinator at all.
   */
  async renew(): Promise<boolean> {
    try {
      this.#revision = await this.#kv.update(KEY, this.#value(), this.#revision);
      return true;
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
    }
    // A conflict is a lost lease only when someone else holds it: under load a renewal can still
    // be in flight when the next starts, or land after its answer timed out, and either moves the
    // revision on under this holder's own name (a 10^6-message fuzz run lost its only coordinator so).
    const entry = await this.#kv.get(KEY);
    if (entry === undefined || new TextDecoder().decode(entry.value) !== new TextDecoder().decode(this.#value())) return false;
    this.#revision = entry.revision;
    return true;
  }

  async release(): Promise<void> {
    const entry = await this.#kv.get(KEY);
    if (entry?.revision === this.#revision) await this.#kv.delete(KEY);
  }

  #value(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ holder: this.#holder }));
  }
}
