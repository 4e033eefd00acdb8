/**
 * The lifecycle every long-lived part follows: created -> running -> draining -> stopped, or
 * failed. `stop()` is idempotent: it drains, then releases what `start()` acquired in reverse
 * order. `closed()` resolves (never rejects) with the error that ended the part, if any. A stop
 * (or drain) that comes while `start()` is still acquiring waits for it, so what the start goes on
 * to acquire is released too and nothing is left running.
 */
import type { Logger } from "pino";
import { asError } from "@orbitwin/protocol";
import { InvalidStateError } from "./errors.js";

export type LifecycleState = "created" | "running" | "draining" | "stopped" | "failed";

export interface Lifecycle {
  readonly state: LifecycleState;
  start(): Promise<void>;
  drain(): Promise<void>;
  stop(): Promise<void>;
  closed(): Promise<Error | undefined>;
}

type Release = () => unknown;

export abstract class LifecycleBase implements Lifecycle {
  #state: LifecycleState = "created";
  #releases: { what: string; release: Release }[] = [];
  #stopping: Promise<void> | undefined;
  #draining: Promise<void> | undefined;
  /** onStart() while it runs; settles (never rejects) when it ends */
  #starting: Promise<void> | undefined;
  #closedResolve!: (err: Error | undefined) => void;
  readonly #closed = new Promise<Error | undefined>((resolve) => (this.#closedResolve = resolve));
  protected readonly log: Logger;
  readonly #what: string;

  protected constructor(what: string, log: Logger) {
    this.#what = what;
    this.log = log;
  }

  get state(): LifecycleState {
    return this.#state;
  }

  /** Acquires resources and begins work. */
  protected abstract onStart(): Promise<void>;
  /** Stops taking new work and finishes in-flight work. */
  protected onDrain(): Promise<void> {
    return Promise.resolve();
  }

  /** Registers a resource to release on stop, in reverse order of registration. */
  protected defer(what: string, release: Release): void {
    this.#releases.push({ what, release });
  }

  async start(): Promise<void> {
    if (this.#state !== "created") throw new InvalidStateError(this.#what, this.#state, "start");
    this.#setState("running");
    const started = this.onStart();
    this.#starting = started.then(
      () => undefined,
      () => undefined,
    );
    try {
      await started;
    } catch (err) {
      await this.fail(err);
      throw err;
    } finally {
      this.#starting = undefined;
    }
  }

  drain(): Promise<void> {
    if (this.#state !== "running") return this.#draining ?? Promise.resolve();
    this.#setState("draining");
    const starting = this.#starting;
    this.#draining = (async () => {
      await starting;
      await this.onDrain();
    })().catch((err: unknown) => {
      this.log.error({ err }, `${this.#what} failed to drain`);
    });
    return this.#draining;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stopOnce(undefined);
    return this.#stopping;
  }

  closed(): Promise<Error | undefined> {
    return this.#closed;
  }

  /** Ends the part because of `err`: releases everything, state `failed`. */
  protected fail(err: unknown): Promise<void> {
    const error = asError(err);
    this.#stopping ??= this.#stopOnce(error);
    return this.#stopping;
  }

  async #stopOnce(error: Error | undefined): Promise<void> {
    await this.#starting;
    if (this.#state === "running" && !error) await this.drain();
    else if (this.#state === "draining") await this.#draining;
    for (const { what, release } of this.#releases.reverse()) {
      try {
        await release();
      } catch (err) {
        this.log.warn({ err }, `${this.#what}: releasing ${what} failed`);
      }
    }
    this.#releases = [];
    if (error) this.log.error({ err: error }, `${this.#what} failed`);
    this.#setState(error ? "failed" : "stopped");
    this.#closedResolve(error);
  }

  #setState(next: LifecycleState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.log.info({ state: next }, `${this.#what} ${next}`);
  }
}
