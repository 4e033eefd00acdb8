/**
 * The thermal control authority as a service: its decisions (thermal-logic.ts) on the clock as a
 * participant (ParticipantRunner), and `svc.thermal.status|margins` as the NATS micro service
 * `orbitwin-thermal`.
 */
import { emptyRequest, marginsRequest, subjects, type ThermalStatus, type WireError } from "@orbitwin/protocol";
import { LifecycleBase, ParticipantRunner, inboundHandler, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { thermalLogic, thermalMargins, thermalStatus, type SatelliteMargin, type ThermalSnapshot, type ThermalState } from "./thermal-logic.js";
import type { ResolvedThermalPolicy } from "./thermal-policy.js";

export interface ThermalServiceOptions {
  bus: Bus;
  run: string;
  policy: ResolvedThermalPolicy;
  log: Logger;
  /** @default "thermal" */
  participantId?: string;
  /** @default the system clock */
  wallClock?: WallClock;
  /** @default 1000 ms */
  heartbeatMs?: number;
}

export class ThermalService extends LifecycleBase {
  readonly #bus: Bus;
  readonly #run: string;
  readonly #runner: ParticipantRunner<ThermalState, ThermalSnapshot>;

  constructor(options: ThermalServiceOptions) {
    super(`thermal ${options.run}`, options.log);
    this.#bus = options.bus;
    this.#run = options.run;
    this.#runner = new ParticipantRunner({
      bus: options.bus,
      run: options.run,
      participant: options.participantId ?? "thermal",
      role: "thermal",
      logic: thermalLogic(options.policy),
      log: options.log,
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    });
  }

  protected async onStart(): Promise<void> {
    await this.#runner.start();
    this.defer("clock participant", () => this.#runner.stop());
    const onRejected = (error: WireError, subject: string) => this.#runner.reportRejected(error, subject);
    const endpoint = (name: string) => subjects.serviceEndpoint(this.#run, "thermal", name);
    const service = await this.#bus.addService({
      name: "orbitwin-thermal",
      version: "0.1.0",
      description: `orbitwin thermal control authority for run ${this.#run}`,
      endpoints: [
        {
          name: "status",
          subject: endpoint("status"),
          handler: inboundHandler({ descriptor: emptyRequest, log: this.log, onRejected, onMessage: () => this.status() }),
        },
        {
          name: "margins",
          subject: endpoint("margins"),
          handler: inboundHandler({ descriptor: marginsRequest, log: this.log, onRejected, onMessage: (r) => this.margins(r.limit ?? 20, r.sats) }),
        },
      ],
    });
    this.defer("service", () => service.stop());
  }

  /** Stops taking ticks and lets the decision in flight finish. */
  protected override onDrain(): Promise<void> {
    return this.#runner.drain();
  }

  status(): ThermalStatus {
    return thermalStatus(this.#runner.current);
  }

  margins(limit: number, sats?: string[]): { tick: number; satellites: SatelliteMargin[] } {
    return thermalMargins(this.#runner.current, limit, sats);
  }
}
