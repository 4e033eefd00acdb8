/**
 * The simulated faults of a run: injected by operators or read from the scenario's `faults:`
 * timeline, each checked against the fleet, given an id and fixed to the tick it starts on (and
 * ends on), so a replay after a restore announces it at exactly the same tick again.
 */
import {
  encodeMessage,
  ErrorCodes,
  FaultKinds,
  limitExceeded,
  MAX_TICK_FAULT_BYTES,
  OrbitwinError,
  parseDurationMs,
  type FaultActivation,
  type FaultKind,
  type FaultRecord,
  type InjectRequest,
  type RunLimits,
  type ScenarioFault,
} from "@orbitwin/protocol";

const NEEDS_FRACTION: ReadonlySet<FaultKind> = new Set(["radiator-damage", "solar-array-degradation", "battery-cell-failure"]);
const NEEDS_DURATION: ReadonlySet<FaultKind> = new Set(["solar-particle-event", "comms-blackout"]);
const REGION_ALLOWED: ReadonlySet<FaultKind> = new Set([
  "solar-particle-event",
  "comms-blackout",
  "radiator-damage",
  "solar-array-degradation",
  "accelerator-failure",
  "sensor-fault",
]);

/** Sources whose faults count against `faultsInFlight`: the scenario's timeline is known, bounded and checked up front. */
const TIMELINE_SOURCES: ReadonlySet<string> = new Set(["scenario", "fork"]);

export class FaultBook {
  readonly #satellites: { has(sat: string): boolean };
  readonly #clusters: ReadonlySet<string>;
  readonly #epochMs: number;
  readonly #dtMs: number;
  readonly #limits: Pick<RunLimits, "faultsPerTick" | "faultsInFlight">;
  readonly #faults: FaultRecord[] = [];
  /** encoded size of each record's activation, bytes: the per-tick byte budget sums them */
  readonly #activationBytes = new WeakMap<FaultRecord, number>();
  #seq = 0;

  constructor(options: {
    /** the run's satellite ids (a SatelliteIdSet at scale) */
    satellites: { has(sat: string): boolean };
    clusters: ReadonlySet<string>;
    epochMs: number;
    dtMs: number;
    limits: Pick<RunLimits, "faultsPerTick" | "faultsInFlight">;
  }) {
    this.#satellites = options.satellites;
    this.#clusters = options.clusters;
    this.#epochMs = options.epochMs;
    this.#dtMs = options.dtMs;
    this.#limits = options.limits;
  }

  /** Checks and schedules a fault; throws an error naming the problem (or the limit it is over) and changes nothing then. */
  inject(kindText: string, r: InjectRequest, nextTick: number, source: string): FaultRecord {
    const record = this.check(kindText, r, nextTick, source);
    this.#seq++;
    this.#faults.push(record);
    return record;
  }

  /** The fault `inject` would schedule now, changing nothing: throws as `inject` would. */
  check(kindText: string, r: InjectRequest, nextTick: number, source: string): FaultRecord {
    const bad = (message: string) => new OrbitwinError(ErrorCodes.invalidMessage, message);
    if (!(FaultKinds as readonly string[]).includes(kindText)) throw bad(`unknown fault "${kindText}": give one of ${FaultKinds.join(", ")}`);
    const kind = kindText as FaultKind;
    if (!r.sats && !r.clusters && !r.region && kind !== "solar-particle-event") throw bad(`${kind}: name its targets with sats, clusters or region`);
    if (r.region && !REGION_ALLOWED.has(kind)) throw bad(`${kind}: region is not a target for this fault; name sats or clusters`);
    if (kind === "debris-strike" && !r.sats) throw bad("debris-strike: name the struck satellites with sats");
    const unknownSat = r.sats?.find((s) => !this.#satellites.has(s));
    if (unknownSat) throw new OrbitwinError(ErrorCodes.unknownSatellite, `${kind}: no satellite ${unknownSat} in this run`);
    const unknownCluster = r.clusters?.find((c) => !this.#clusters.has(c));
    if (unknownCluster) throw new OrbitwinError(ErrorCodes.unknownCluster, `${kind}: no cluster ${unknownCluster} in this run`);
    if (r.region && (r.region.latMinDeg > r.region.latMaxDeg || r.region.lonMinDeg > r.region.lonMaxDeg))
      throw bad(`${kind}: region minima must not exceed maxima`);
    if (NEEDS_FRACTION.has(kind) && r.fraction === undefined) throw bad(`${kind}: give the fraction lost (0 < fraction <= 1)`);
    if (NEEDS_DURATION.has(kind) && r.forS === undefined) throw bad(`${kind}: give how long it lasts (forS)`);
    if (kind === "sensor-fault" && (r.field === undefined || r.offset === undefined))
      throw bad("sensor-fault: give the field and the offset of the wrong reading");
    if (r.atMs !== undefined && r.delayS !== undefined) throw bad(`${kind}: give atMs or delayS, not both`);
    const nextTickMs = this.#epochMs + nextTick * this.#dtMs;
    if (r.atMs !== undefined && !(r.atMs >= nextTickMs))
      throw bad(`${kind}: atMs ${new Date(r.atMs).toISOString()} is in the past; the next tick is at ${new Date(nextTickMs).toISOString()}`);
    const startMs = r.atMs ?? nextTickMs + (r.delayS ?? 0) * 1000;
    const startsAtTick = Math.max(nextTick, Math.ceil((startMs - this.#epochMs) / this.#dtMs));
    const endsAtTick = r.forS === undefined ? undefined : startsAtTick + Math.max(1, Math.ceil((r.forS * 1000) / this.#dtMs));
    const record: FaultRecord = {
      id: `f-${this.#seq + 1}`,
      kind,
      ...targetAndParamsOf(r),
      ...(endsAtTick === undefined ? {} : { untilMs: this.#epochMs + endsAtTick * this.#dtMs, endsAtTick }),
      state: "scheduled",
      startsAtTick,
      startsAtMs: this.#epochMs + startsAtTick * this.#dtMs,
      source,
    };
    this.#admit(record, !TIMELINE_SOURCES.has(source));
    return record;
  }

  /**
   * The admission limits: a tick carries what its participants take (count and bytes), and the
   * faults in flight stay bounded. Checked before the fault exists, so a refusal changes nothing.
   */
  #admit(record: FaultRecord, countInFlight: boolean): void {
    const tick = record.startsAtTick;
    if (countInFlight) {
      const inFlight = this.#faults.filter(isInFlight).length;
      if (inFlight >= this.#limits.faultsInFlight)
        throw limitExceeded("faultsInFlight", this.#limits.faultsInFlight, `${record.kind}: ${inFlight} faults are scheduled or active already`);
    }
    const sameTick = this.#faults.filter((f) => f.startsAtTick === tick && f.state !== "cleared");
    if (sameTick.length >= this.#limits.faultsPerTick)
      throw limitExceeded("faultsPerTick", this.#limits.faultsPerTick, `${record.kind}: ${sameTick.length} faults start on tick ${tick} already`);
    const bytes = this.#bytesOf(record);
    const tickBytes = sameTick.reduce((sum, f) => sum + this.#bytesOf(f), 0);
    if (tickBytes + bytes > MAX_TICK_FAULT_BYTES)
      throw limitExceeded(
        "faultBytesPerTick",
        MAX_TICK_FAULT_BYTES,
        `${record.kind}: its ${bytes} bytes of targets do not fit the ${MAX_TICK_FAULT_BYTES - tickBytes} bytes left on tick ${tick}; name fewer satellites or start it later`,
      );
  }

  #bytesOf(f: FaultRecord): number {
    let bytes = this.#activationBytes.get(f);
    if (bytes === undefined) this.#activationBytes.set(f, (bytes = encodeMessage(activationOf(f)).byteLength));
    return bytes;
  }

  /** The scenario's timeline, every entry checked as an injection at the start of the run. */
  loadScenario(faults: readonly ScenarioFault[]): void {
    faults.forEach((f, i) => this.injectScenarioFault(f, i, 0, "scenario"));
  }

  /** A timeline entry (`faults[i]`), its `at` counted from `fromTick`. */
  injectScenarioFault(f: ScenarioFault, i: number, fromTick: number, source: string): FaultRecord {
    const { fault, at, for: lasts, ...rest } = f;
    try {
      return this.inject(
        fault,
        {
          ...rest,
          delayS: parseDurationMs(at, `/faults/${i}/at`) / 1000,
          ...(lasts === undefined ? {} : { forS: parseDurationMs(lasts, `/faults/${i}/for`) / 1000 }),
        },
        fromTick,
        source,
      );
    } catch (err) {
      throw new OrbitwinError(ErrorCodes.invalidScenario, `/faults/${i}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Takes a fault as it was decided before (a resumed coordinator replaying its log): same id, same ticks. */
  adopt(record: FaultRecord): void {
    const copy = structuredClone(record);
    const at = this.#faults.findIndex((f) => f.id === record.id);
    if (at >= 0) this.#faults[at] = copy;
    else this.#faults.push(copy);
    const n = Number(/^f-(\d+)$/.exec(record.id)?.[1] ?? 0);
    this.#seq = Math.max(this.#seq, n);
  }

  /** Faults starting on `tick`, as the clock announces them. */
  startingOn(tick: number): FaultActivation[] {
    return this.#faults
      .filter((f) => f.startsAtTick === tick && f.state !== "cleared")
      .map((f) => {
        f.state = f.endsAtTick !== undefined && f.endsAtTick <= tick ? "ended" : "active";
        return activationOf(f);
      });
  }

  /** Ids of active faults ending on `tick`. */
  endingOn(tick: number): string[] {
    return this.#faults
      .filter((f) => f.endsAtTick === tick && f.startsAtTick < tick && f.state !== "cleared")
      .map((f) => {
        f.state = "ended";
        return f.id;
      });
  }

  /** Ends an active fault at the next tick, or cancels a scheduled one. */
  clear(id: string, nextTick: number): FaultRecord {
    const f = this.#faults.find((x) => x.id === id);
    if (!f) throw new OrbitwinError(ErrorCodes.invalidMessage, `no fault ${id} in flight in this run (faults over are in the event history only)`);
    if (f.state === "ended" || f.state === "cleared") throw new OrbitwinError(ErrorCodes.invalidState, `fault ${id} is already ${f.state}`);
    if (f.startsAtTick >= nextTick) {
      f.state = "cleared";
      return f;
    }
    f.endsAtTick = nextTick;
    f.untilMs = this.#epochMs + nextTick * this.#dtMs;
    return f;
  }

  list(): FaultRecord[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /**
   * Forgets the faults that are over by `tick` (ended or permanent damage started by then, or
   * cancelled): no rerun from a checkpoint at or after `tick` announces them again, and their
   * history stays in the event stream. Keeps memory and checkpoints bounded on a long run.
   */
  prune(tick: number): number {
    const over = (f: FaultRecord) =>
      f.state === "cleared" || (f.state !== "scheduled" && (f.endsAtTick === undefined ? f.startsAtTick <= tick : f.endsAtTick <= tick));
    const kept = this.#faults.filter((f) => !over(f));
    const pruned = this.#faults.length - kept.length;
    if (pruned > 0) this.#faults.splice(0, this.#faults.length, ...kept);
    return pruned;
  }

  snapshot(): { seq: number; faults: FaultRecord[] } {
    return { seq: this.#seq, faults: structuredClone(this.#faults) };
  }

  /** Back to a saved book (a coordinator resuming a run from a checkpoint). */
  restore(s: { seq: number; faults: FaultRecord[] }): void {
    this.#seq = s.seq;
    this.#faults.splice(0, this.#faults.length, ...structuredClone(s.faults));
  }
}

/** Scheduled, or active with an end still ahead: what the in-flight limit counts. Permanent damage is done once it starts. */
function isInFlight(f: FaultRecord): boolean {
  return f.state === "scheduled" || (f.state === "active" && f.endsAtTick !== undefined);
}

/** What the clock announces of a fault on the tick it starts. */
function activationOf(f: FaultRecord): FaultActivation {
  return { id: f.id, kind: f.kind, ...targetAndParamsOf(f), ...(f.untilMs === undefined ? {} : { untilMs: f.untilMs }) };
}

/** The targets and parameters of a request or record, without its timing. */
function targetAndParamsOf(r: InjectRequest | FaultRecord): Omit<FaultActivation, "id" | "kind" | "untilMs"> {
  const out: Omit<FaultActivation, "id" | "kind" | "untilMs"> = {};
  if (r.sats) out.sats = r.sats;
  if (r.clusters) out.clusters = r.clusters;
  if (r.region) out.region = r.region;
  if (r.count !== undefined) out.count = r.count;
  if (r.fraction !== undefined) out.fraction = r.fraction;
  if (r.multiplier !== undefined) out.multiplier = r.multiplier;
  if (r.field !== undefined) out.field = r.field;
  if (r.offset !== undefined) out.offset = r.offset;
  return out;
}
