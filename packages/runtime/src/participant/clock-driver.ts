/**
 * A test double for the other side of the clock protocol, on any bus: it writes the cluster
 * definitions as the coordinator does, announces ticks and restores, publishes the hosts'
 * telemetry, answers commands as a host does, and records what participants send back. For
 * tests of one participant without a coordinator or fleet hosts.
 */
import {
  CLUSTER_TELEMETRY_VERSION,
  buckets,
  clockDone,
  clockRestore,
  clockRestored,
  clockTick,
  clusterCommand,
  clusterCommandReply,
  clusterDefinition,
  clusterDefinitionOf,
  clusterTelemetry,
  float32ToBin,
  orbitwinEvent,
  subjects,
  type ClockDone,
  type ClockRestored,
  type ClockTick,
  type ClusterCommand,
  type ClusterDefinition,
  type ClusterTelemetry,
  type ClusterTelemetryV3,
  type OrbitwinEvent,
} from "@orbitwin/protocol";
import type { Bus, Subscription } from "../bus/bus.js";

/** A cluster of `count` satellites `<cluster>-s<i>` on a 550 km circular orbit, no bus. */
export function testClusterDefinition(run: string, cluster: string, count: number): ClusterDefinition {
  const satIds = Array.from({ length: count }, (_, i) => `${cluster}-s${i + 1}`);
  const elements = satIds.map((_, i) => ({
    epochMs: Date.UTC(2026, 0, 1),
    meanMotionRevPerDay: 15.05,
    eccentricity: 0.0001,
    inclinationDeg: 53,
    raanDeg: 0,
    argPerigeeDeg: 0,
    meanAnomalyDeg: (360 * i) / count,
    bstar: 0,
  }));
  return clusterDefinitionOf({ run, constellation: "test", cluster, satIds, elements });
}

/** A batch with the columns every batch has (zeros), plus any others given. */
export function testBatch(options: {
  run: string;
  cluster: string;
  satIds: readonly string[];
  tick: number;
  simTimeMs?: number;
  extra?: Partial<ClusterTelemetryV3>;
}): ClusterTelemetryV3 {
  const n = options.satIds.length;
  const zeros = (k: number) => float32ToBin(new Float32Array(k * n));
  return {
    v: CLUSTER_TELEMETRY_VERSION,
    run: options.run,
    cluster: options.cluster,
    tick: options.tick,
    simTimeMs: options.simTimeMs ?? Date.UTC(2026, 0, 1) + options.tick * 60_000,
    count: n,
    posKm: zeros(3),
    velKmS: zeros(3),
    latDeg: zeros(1),
    lonDeg: zeros(1),
    altKm: zeros(1),
    sunlitFraction: zeros(1),
    status: new Uint8Array(n),
    ...options.extra,
  };
}

export class ClockDriver {
  readonly #bus: Bus;
  readonly run: string;
  readonly dones: ClockDone[] = [];
  readonly restored: ClockRestored[] = [];
  readonly events: OrbitwinEvent[] = [];
  /** Commands received, in arrival order. */
  readonly commands: ClusterCommand[] = [];
  /** Everything received, in order: `event:<kind>`, `command:<cluster>`, `done:<tick>`. */
  readonly log: string[] = [];
  readonly #subs: Subscription[] = [];
  #restoreSeq = 0;

  constructor(bus: Bus, run: string) {
    this.#bus = bus;
    this.run = run;
    this.#subs.push(
      bus.subscribe(subjects.allClockDones(run), (m) => {
        const done = clockDone.decode(m.data);
        this.dones.push(done);
        this.log.push(`done:${done.tick}`);
      }),
      bus.subscribe(subjects.allClockRestored(run), (m) => this.restored.push(clockRestored.decode(m.data))),
      bus.subscribe(subjects.allEvents(run), (m) => {
        const e = orbitwinEvent.decode(m.data);
        this.events.push(e);
        this.log.push(`event:${e.kind}`);
      }),
    );
  }

  /** Writes the definitions to the clusters bucket, as the coordinator does before the first tick. */
  async define(definitions: readonly ClusterDefinition[]): Promise<void> {
    const kv = await this.#bus.kv(buckets.clusters(this.run));
    for (const def of definitions) await kv.put(def.cluster, clusterDefinition.encode(def));
  }

  /** Answers commands for these clusters as their host would: accepted (or refused with `refuse`). */
  host(clusters: readonly string[], refuse?: (cmd: ClusterCommand) => string | undefined): void {
    for (const cluster of clusters) {
      this.#subs.push(
        this.#bus.subscribe(subjects.command(this.run, cluster), (m) => {
          const cmd = clusterCommand.decode(m.data);
          this.commands.push(cmd);
          this.log.push(`command:${cluster}`);
          const refused = refuse?.(cmd);
          m.respond(
            clusterCommandReply.encode(
              refused
                ? { ok: false, error: { code: "ORBITWIN_STALE_COMMAND", message: refused, retryable: false } }
                : { ok: true, result: { cluster, accepted: cmd.commands.length, appliesAtTick: cmd.tick + 1 } },
            ),
          );
        }),
      );
    }
  }

  tick(tick: number, options: Partial<Omit<ClockTick, "v" | "tick">> = {}): ClockTick {
    const message: ClockTick = { v: 1, tick, simTimeMs: Date.UTC(2026, 0, 1) + tick * 60_000, dtMs: 60_000, epoch: 1, wantDigest: false, ...options };
    this.#bus.publish(subjects.clockTick(this.run), clockTick.encode(message));
    return message;
  }

  batch(batch: ClusterTelemetry): void {
    this.#bus.publish(subjects.clusterTelemetry(this.run, batch.cluster), clusterTelemetry.encode(batch));
  }

  /** Publishes `clock.restore`; returns its restore id. */
  restore(tick: number, epoch = 1): string {
    const restoreId = `${epoch}-${++this.#restoreSeq}`;
    this.#bus.publish(subjects.clockRestore(this.run), clockRestore.encode({ v: 1, tick, epoch, restoreId }));
    return restoreId;
  }

  /** Stops listening and answering. */
  close(): void {
    for (const sub of this.#subs) sub.unsubscribe();
  }
}
