/**
 * debris-watch, the twin's space situational awareness, as a service: its decisions
 * (debris-watch-logic.ts) on the clock as a participant (ParticipantRunner), and operators'
 * queries about conjunctions (`svc.debris-watch.status|list|show`, the NATS micro service
 * `orbitwin-debris-watch`).
 */
import {
  conjunctionListRequest,
  conjunctionShowRequest,
  emptyRequest,
  subjects,
  type Conjunction,
  type DebrisWatchConfig,
  type DebrisWatchStatus,
  type WireError,
} from "@orbitwin/protocol";
import { InvalidStateError, LifecycleBase, ParticipantRunner, inboundHandler, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { loadBackground } from "./background.js";
import { resolveDebrisConfig } from "./config.js";
import {
  debrisWatchLogic,
  debrisWatchStatus,
  listConjunctions,
  showConjunction,
  type DebrisWatchSnapshot,
  type DebrisWatchState,
} from "./debris-watch-logic.js";

export interface DebrisWatchOptions {
  bus: Bus;
  run: string;
  /** the scenario's `debris:` section */
  config: DebrisWatchConfig | undefined;
  seed: number;
  epochMs: number;
  /** folder catalog file names are relative to (the scenario's) */
  baseDir: string;
  log: Logger;
  /** @default "debris-watch" */
  participantId?: string;
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

export class DebrisWatch extends LifecycleBase {
  readonly #options: DebrisWatchOptions;
  #runner: ParticipantRunner<DebrisWatchState, DebrisWatchSnapshot> | undefined;

  constructor(options: DebrisWatchOptions) {
    super(`debris-watch ${options.run}`, options.log);
    this.#options = options;
  }

  protected async onStart(): Promise<void> {
    const o = this.#options;
    // Bad catalog files must stop the service before it joins the clock, with the file named.
    const background = loadBackground(o.config, o.baseDir, o.seed, o.epochMs);
    const runner = new ParticipantRunner({
      bus: o.bus,
      run: o.run,
      participant: o.participantId ?? "debris-watch",
      role: "debris-watch",
      logic: debrisWatchLogic({ config: resolveDebrisConfig(o.config), raw: o.config, seed: o.seed, epochMs: o.epochMs, background, log: this.log }),
      log: this.log,
      ...(o.wallClock ? { wallClock: o.wallClock } : {}),
      ...(o.heartbeatMs === undefined ? {} : { heartbeatMs: o.heartbeatMs }),
    });
    this.#runner = runner;
    await runner.start();
    this.defer("clock participant", () => runner.stop());
    const onRejected = (error: WireError, subject: string) => runner.reportRejected(error, subject);
    const endpoint = (name: string) => subjects.serviceEndpoint(o.run, "debris-watch", name);
    const service = await o.bus.addService({
      name: "orbitwin-debris-watch",
      version: "0.1.0",
      description: `orbitwin debris-watch for run ${o.run}`,
      endpoints: [
        {
          name: "status",
          subject: endpoint("status"),
          handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.status() }),
        },
        {
          name: "list",
          subject: endpoint("list"),
          handler: inboundHandler({ descriptor: conjunctionListRequest, log: this.log, onRejected, onMessage: (r) => this.list(r) }),
        },
        {
          name: "show",
          subject: endpoint("show"),
          handler: inboundHandler({ descriptor: conjunctionShowRequest, log: this.log, onRejected, onMessage: (r) => this.show(r.id, r.cdm === true) }),
        },
      ],
    });
    this.defer("service", () => service.stop());
  }

  /** Stops taking ticks and lets the decision in flight (a screening, perhaps seconds) finish. */
  protected override async onDrain(): Promise<void> {
    await this.#runner?.drain();
  }

  status(): DebrisWatchStatus {
    return debrisWatchStatus(this.#state("status"), this.#options.epochMs);
  }

  list(r: { status?: Conjunction["status"]; minPc?: number; limit?: number }): { tick: number; total: number; conjunctions: Conjunction[] } {
    return listConjunctions(this.#state("list"), r);
  }

  show(id: string, withCdm: boolean): { conjunction: Conjunction; cdm?: string } {
    return showConjunction(this.#state("show"), this.#options.run, id, withCdm);
  }

  #state(query: string): DebrisWatchState {
    if (!this.#runner) throw new InvalidStateError(`debris-watch ${this.#options.run}`, this.state, `answer ${query} for`);
    return this.#runner.current;
  }
}
