/**
 * A cluster actor: one group of satellites stepped together. State is structure-of-arrays
 * indexed by slot (a satellite's position in its cluster); a step is a pure function of
 * (definition, simulation time), so any host rebuilds the same state from the definition.
 */
import { Sgp4Batch, applyImpulsiveManeuver, createOrbitState, sunPositionKm, toSatrec, type MeanElements, type OrbitState } from "@orbitwin/physics";
import {
  CLUSTER_TELEMETRY_VERSION,
  ErrorCodes,
  OrbitwinError,
  SatStatus,
  SatStatusNames,
  clusterTelemetry,
  elementsAtSlot,
  float32ToBin,
  satelliteTelemetry,
  type ClusterDefinition,
  type FaultActivation,
  type SatelliteCommand,
  type SatelliteTelemetry,
} from "@orbitwin/protocol";
import { StateDigest } from "@orbitwin/runtime";
import { resolveBus } from "./bus-resolver.js";
import { ColumnScratch } from "./column-scratch.js";
import { ClusterFaults, type ClusterFaultsSnapshot, type FaultEffect } from "./cluster-faults.js";
import { ClusterSubsystems, type SubsystemSnapshot, type SubsystemStepInput, type SubsystemStepResult } from "./cluster-subsystems.js";

/** A cluster's state at a tick boundary, pending commands included (see `snapshot`). */
export interface ClusterSnapshot {
  cluster: string;
  tick: number;
  simTimeMs: number;
  /** satellites in the cluster */
  count: number;
  /** the elements of the satellites a burn moved off their definition's, by slot */
  burned: [slot: number, elements: MeanElements][];
  destroyed: Uint8Array;
  /** slots whose orbit SGP4 could not propagate at this tick (absent in checkpoints before it was kept: none) */
  propagationFailed?: number[];
  pending: PendingCommand[];
  subsystems: SubsystemSnapshot | null;
  faults: ClusterFaultsSnapshot;
}

/** Faults that start or end on a tick (from its clock message). */
export interface TickFaults {
  started: readonly FaultActivation[];
  ended: readonly string[];
}

interface PendingCommand {
  decidedTick: number;
  slot: number;
  command: SatelliteCommand;
}

/** A command that changed an orbit or lost a satellite, or an orbit SGP4 lost, for the host to report as an event. */
export interface AppliedOrbitCommand {
  slot: number;
  kind: "maneuver-executed" | "maneuver-failed" | "satellite-destroyed" | "propagation-failed";
  detail: string;
  maneuverId?: string;
}

export interface ClusterStepSummary {
  satellites: number;
  /** sum of sunlit fractions, satellites */
  sunlit: number;
  failed: number;
  /** undefined for orbit-only clusters */
  subsystems: SubsystemStepResult | undefined;
  orbitCommands: AppliedOrbitCommand[];
  faultEffects: FaultEffect[];
}

/** The float32 orbit columns of the batch being encoded, shared by the thread's actors. */
const orbitColumns = new ColumnScratch();

export class ClusterActor {
  readonly id: string;
  readonly satIds: readonly string[];
  readonly #definition: ClusterDefinition;
  /** built at the first lookup by id: a cluster nobody addresses by satellite never pays for it */
  #slotBySat: Map<string, number> | undefined;
  /** elements after a burn, by slot; every other satellite flies its definition's */
  #burned = new Map<number, MeanElements>();
  readonly #orbits: Sgp4Batch;
  readonly #destroyed: Uint8Array;
  #pending: PendingCommand[] = [];
  readonly #orbit: OrbitState;
  readonly #sunlitFraction: Float64Array;
  readonly #status: Uint8Array;
  readonly subsystems: ClusterSubsystems | undefined;
  readonly faults: ClusterFaults;
  readonly #seed: number;
  #tick = -1;
  #simTimeMs = Number.NaN;
  /** the Sun (TEME km) at the last step's time, to compute its orbit columns again (see #columnsOfLastStep) */
  readonly #stepSunKm = new Float64Array(3);
  /** What the orbit columns hold: the kernel's output at this time, table revision and Sun. */
  #columnsAtMs = Number.NaN;
  #columnsRevision = -1;
  readonly #columnsSunKm = new Float64Array(3);
  /** The orbit status and columns (time, revision, Sun) the subsystem step ahead assumed. */
  #aheadStatus: Uint8Array | undefined;
  #aheadOrbitAtMs = Number.NaN;
  #aheadOrbitRevision = -1;
  readonly #aheadOrbitSunKm = new Float64Array(3);
  /** set when another actor took over this one's SGP4 table (`rebuilt`) */
  #retired = false;

  /** `orbits`: an SGP4 table already built for `definition` (see `rebuilt`). */
  constructor(definition: ClusterDefinition, seed = 0, options: { orbits?: Sgp4Batch } = {}) {
    this.id = definition.cluster;
    this.satIds = definition.satIds;
    this.#definition = definition;
    this.#orbits = options.orbits ?? Sgp4Batch.fromElements(this.satIds.length, (slot) => this.#definedElements(slot));
    this.#destroyed = new Uint8Array(this.satIds.length);
    this.#orbit = createOrbitState(this.satIds.length);
    this.#sunlitFraction = new Float64Array(this.satIds.length);
    this.#status = new Uint8Array(this.satIds.length);
    this.subsystems = definition.bus ? new ClusterSubsystems(resolveBus(definition.bus), this.satIds.length, definition.firstEntity ?? 0) : undefined;
    this.faults = new ClusterFaults(this.satIds.length);
    this.#seed = seed;
  }

  slotOf(sat: string): number | undefined {
    this.#slotBySat ??= new Map(this.satIds.map((id, slot) => [id, slot]));
    return this.#slotBySat.get(sat);
  }

  get count(): number {
    return this.satIds.length;
  }

  get tick(): number {
    return this.#tick;
  }

  hasSatellite(sat: string): boolean {
    return this.slotOf(sat) !== undefined;
  }

  /**
   * A new actor of the same definition and seed at the start of the run (tick -1), taking over
   * this one's SGP4 table with the slots a burn changed set back to their definition: going back
   * to a checkpoint costs no SGP4 initialisation. This actor steps no more.
   */
  rebuilt(): ClusterActor {
    for (const slot of this.#burned.keys()) this.#orbits.setSatrec(slot, toSatrec(this.#definedElements(slot)));
    this.#burned.clear();
    this.#retired = true;
    return new ClusterActor(this.#definition, this.#seed, { orbits: this.#orbits });
  }

  /** The state after the last step plus the commands waiting for the next: a checkpoint. */
  snapshot(): ClusterSnapshot {
    return {
      cluster: this.id,
      tick: this.#tick,
      simTimeMs: this.#simTimeMs,
      count: this.count,
      burned: [...this.#burned].sort(([a], [b]) => a - b).map(([slot, e]) => [slot, { ...e }]),
      destroyed: this.#destroyed.slice(),
      propagationFailed: this.#failedSlots(),
      pending: this.#pending.map((p) => ({ ...p, command: structuredClone(p.command) })),
      subsystems: this.subsystems ? this.subsystems.snapshot() : null,
      faults: this.faults.snapshot(),
    };
  }

  /** Back to a snapshot of this cluster; the next step continues from it exactly. */
  restore(snap: ClusterSnapshot): void {
    if (snap.cluster !== this.id || snap.count !== this.count)
      throw new OrbitwinError(
        ErrorCodes.corruptCheckpoint,
        `snapshot of ${snap.cluster} (${snap.count} satellites) does not fit cluster ${this.id} (${this.count})`,
      );
    if (Boolean(snap.subsystems) !== Boolean(this.subsystems))
      throw new OrbitwinError(
        ErrorCodes.corruptCheckpoint,
        `snapshot of ${snap.cluster}: subsystems ${snap.subsystems ? "present" : "absent"}, cluster ${this.subsystems ? "has" : "has no"} bus`,
      );
    this.#tick = snap.tick;
    this.#simTimeMs = snap.simTimeMs;
    if (snap.tick >= 0) sunPositionKm(snap.simTimeMs, this.#stepSunKm);
    for (const slot of this.#burned.keys()) this.#orbits.setSatrec(slot, toSatrec(this.#definedElements(slot)));
    this.#burned = new Map(snap.burned.map(([slot, e]) => [slot, { ...e }]));
    for (const [slot, e] of this.#burned) this.#orbits.setSatrec(slot, toSatrec(e));
    this.#destroyed.set(snap.destroyed);
    // The status decides which failures are new at the next step, so it is part of the state.
    this.#status.fill(SatStatus.ok);
    for (const slot of snap.propagationFailed ?? []) this.#status[slot] = SatStatus.propagationFailed;
    this.#pending = snap.pending.map((p) => ({ ...p }));
    if (snap.subsystems) this.subsystems!.restore(snap.subsystems);
    this.faults.restore(snap.faults);
  }

  #failedSlots(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.count; slot++) if (this.#status[slot] === SatStatus.propagationFailed) slots.push(slot);
    return slots;
  }

  /** Queues a command decided on `decidedTick`; it applies from the next tick on. */
  enqueue(decidedTick: number, slot: number, command: SatelliteCommand): void {
    this.#pending.push({ decidedTick, slot, command });
  }

  /** The mean elements a satellite flies now (its scenario's, or fitted after its last burn). */
  elementsOf(slot: number): MeanElements | undefined {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count) return undefined;
    return this.#burned.get(slot) ?? this.#definedElements(slot);
  }

  #definedElements(slot: number): MeanElements {
    return { name: this.satIds[slot]!, ...elementsAtSlot(this.#definition, slot) };
  }

  step(tick: number, simTimeMs: number, sunKm: Float64Array, ageMs = 0, faults?: TickFaults): ClusterStepSummary {
    // A programming error, never input: the host swaps in the rebuilt actor before any step.
    if (this.#retired) throw new Error(`cluster ${this.id}: this actor was rebuilt; step the new one`);
    const dtS = this.#tick >= 0 && tick > this.#tick ? (simTimeMs - this.#simTimeMs) / 1000 : 0;
    const faultEffects = this.#applyFaults(simTimeMs, faults);
    const orbitCommands = this.#applyDue(tick, simTimeMs);
    this.#propagate(simTimeMs, sunKm);
    this.#stepSunKm.set(sunKm);
    let sunlit = 0;
    let failed = 0;
    const errors = this.#orbit.errorCode;
    for (let slot = 0; slot < this.count; slot++) {
      const status = this.#orbitStatusOf(slot, errors);
      if (status === SatStatus.propagationFailed) {
        if (this.#status[slot] !== SatStatus.propagationFailed) orbitCommands.push({ slot, kind: "propagation-failed", detail: sgp4ErrorText(errors[slot]!) });
        failed++;
      }
      this.#status[slot] = status;
      if (status === SatStatus.ok) sunlit += this.#sunlitFraction[slot]!;
      else this.#sunlitFraction[slot] = 0;
    }
    if (!this.#aheadOrbitHolds()) this.subsystems?.discardAhead();
    const subsystems = this.subsystems?.step(this.#subsystemInput(tick, dtS, ageMs, this.#status));
    this.#tick = tick;
    this.#simTimeMs = simTimeMs;
    return { satellites: this.count, sunlit, failed, subsystems, orbitCommands, faultEffects };
  }

  /**
   * The orbit columns of a step at `simTimeMs`, computed ahead of it (a host does this while it
   * waits for the next tick): that step then skips the kernel if no burn changed the orbits
   * meanwhile. Nothing of the twin's state changes; what this tick's readers see stays this
   * tick's (#columnsOfLastStep). An actor not stepped yet is left alone: the region faults of its
   * first tick find its columns empty, as in a run that never prepares.
   */
  prepare(tick: number, simTimeMs: number, sunKm: Float64Array, ageMs = 0): void {
    if (this.#retired || this.#tick < 0) return;
    this.#propagate(simTimeMs, sunKm);
    if (!this.subsystems || tick <= this.#tick) return;
    this.#aheadStatus ??= new Uint8Array(this.count);
    const errors = this.#orbit.errorCode;
    for (let slot = 0; slot < this.count; slot++) this.#aheadStatus[slot] = this.#orbitStatusOf(slot, errors);
    this.#aheadOrbitAtMs = this.#columnsAtMs;
    this.#aheadOrbitRevision = this.#columnsRevision;
    this.#aheadOrbitSunKm.set(this.#columnsSunKm);
    this.subsystems.prepare(this.#subsystemInput(tick, (simTimeMs - this.#simTimeMs) / 1000, ageMs, this.#aheadStatus));
  }

  /** A subsystem step on the orbit columns as they are. */
  #subsystemInput(tick: number, dtS: number, ageMs: number, orbitStatus: Uint8Array): SubsystemStepInput {
    const { latDeg, lonDeg, altKm } = this.#orbit;
    return { tick, dtS, ageMs, seed: this.#seed, sunlit: this.#sunlitFraction, latDeg, lonDeg, altKm, orbitStatus };
  }

  /** A satellite lost stays lost; one whose orbit the kernel could not propagate has failed. */
  #orbitStatusOf(slot: number, errors: Uint8Array): number {
    if (this.#destroyed[slot]) return SatStatus.destroyed;
    return errors[slot] !== 0 ? SatStatus.propagationFailed : SatStatus.ok;
  }

  /** Whether the orbit columns now are the ones the subsystem step ahead was computed on. */
  #aheadOrbitHolds(): boolean {
    const sun = this.#aheadOrbitSunKm;
    const now = this.#columnsSunKm;
    return (
      this.#aheadOrbitAtMs === this.#columnsAtMs &&
      this.#aheadOrbitRevision === this.#columnsRevision &&
      sun[0] === now[0] &&
      sun[1] === now[1] &&
      sun[2] === now[2]
    );
  }

  /** The kernel's output at `simTimeMs` in the orbit columns, unless they hold it already. */
  #propagate(simTimeMs: number, sunKm: Float64Array): void {
    const sun = this.#columnsSunKm;
    const held =
      simTimeMs === this.#columnsAtMs && this.#orbits.revision === this.#columnsRevision && sunKm[0] === sun[0] && sunKm[1] === sun[1] && sunKm[2] === sun[2];
    if (held) return;
    this.#orbits.step(simTimeMs, sunKm, this.#orbit, this.#sunlitFraction);
    this.#columnsAtMs = simTimeMs;
    this.#columnsRevision = this.#orbits.revision;
    sun.set(sunKm);
  }

  /**
   * The orbit columns as the last step left them, computed again if a `prepare` moved them on
   * (or a restore left them empty): a step's output is a function of its time and the orbits,
   * and the step zeroes the sunlit fraction of every satellite lost or failed.
   */
  #columnsOfLastStep(): void {
    if (this.#tick < 0 || this.#columnsAtMs === this.#simTimeMs) return;
    this.#propagate(this.#simTimeMs, this.#stepSunKm);
    for (let slot = 0; slot < this.count; slot++) if (this.#destroyed[slot] || this.#status[slot] !== SatStatus.ok) this.#sunlitFraction[slot] = 0;
  }

  /** Faults ending now recover first, then faults starting now apply to the satellites they target. */
  #applyFaults(simTimeMs: number, faults: TickFaults | undefined): FaultEffect[] {
    const effects = this.faults.expire(simTimeMs, faults?.ended ?? [], this.subsystems);
    for (const f of faults?.started ?? []) {
      if (!this.faults.firstTime(f.id)) continue;
      const slots = this.#targets(f);
      if (slots.length === 0) continue;
      if (f.kind === "satellite-loss" || f.kind === "debris-strike") {
        for (const slot of slots) {
          if (this.#destroyed[slot]) continue;
          this.#destroyed[slot] = 1;
          effects.push({ slot, faultId: f.id, kind: f.kind, detail: f.kind === "debris-strike" ? "struck by debris and broken up" : "satellite lost" });
        }
        continue;
      }
      effects.push(...this.faults.apply(f, slots, this.subsystems));
    }
    return effects;
  }

  /** The slots a fault targets: named satellites, whole clusters, or those over a region at the last step. */
  #targets(f: FaultActivation): number[] {
    const slots = new Set<number>();
    for (const sat of f.sats ?? []) {
      const slot = this.slotOf(sat);
      if (slot !== undefined) slots.add(slot);
    }
    if (f.clusters?.includes(this.id)) for (let i = 0; i < this.count; i++) slots.add(i);
    const r = f.region;
    if (r) {
      this.#columnsOfLastStep();
      for (let i = 0; i < this.count; i++) {
        const lat = this.#orbit.latDeg[i]!;
        const lon = this.#orbit.lonDeg[i]!;
        if (lat >= r.latMinDeg && lat <= r.latMaxDeg && lon >= r.lonMinDeg && lon <= r.lonMaxDeg) slots.add(i);
      }
    }
    return [...slots].filter((slot) => !this.#destroyed[slot]).sort((a, b) => a - b);
  }

  /** Due commands in (decided tick, slot, arrival) order; burns happen at this tick's time. */
  #applyDue(tick: number, simTimeMs: number): AppliedOrbitCommand[] {
    if (this.#pending.length === 0) return [];
    const due = this.#pending.filter((p) => p.decidedTick < tick).sort((a, b) => a.decidedTick - b.decidedTick || a.slot - b.slot);
    this.#pending = this.#pending.filter((p) => p.decidedTick >= tick);
    const applied: AppliedOrbitCommand[] = [];
    for (const { slot, command } of due) {
      if (this.#destroyed[slot]) continue;
      // A collision is what happened to the satellite, not an uplink: comms have no say in it.
      if (command.destroy !== undefined) {
        this.#destroyed[slot] = 1;
        applied.push({ slot, kind: "satellite-destroyed", detail: command.destroy });
        continue;
      }
      if (this.faults.blackout[slot]) {
        // The ground knows an uplink went unanswered: a burn that never arrived is reported as failed.
        if (command.maneuver)
          applied.push({ slot, kind: "maneuver-failed", detail: "burn not executed: command not received (comms blackout)", maneuverId: command.maneuver.id });
        continue;
      }
      if (command.maneuver && this.faults.stuckThruster[slot]) {
        applied.push({ slot, kind: "maneuver-failed", detail: "burn not executed: thruster stuck", maneuverId: command.maneuver.id });
        continue;
      }
      if (command.maneuver) {
        const [r, t, n] = command.maneuver.deltaVRtnMS as [number, number, number];
        try {
          const burn = applyImpulsiveManeuver(this.elementsOf(slot)!, simTimeMs, [r / 1000, t / 1000, n / 1000], "rtn");
          this.#orbits.setSatrec(slot, toSatrec(burn.elements));
          this.#burned.set(slot, burn.elements);
          applied.push({
            slot,
            kind: "maneuver-executed",
            detail: `burn of ${Math.hypot(r, t, n).toFixed(3)} m/s (RTN ${r.toFixed(3)}, ${t.toFixed(3)}, ${n.toFixed(3)})`,
            maneuverId: command.maneuver.id,
          });
        } catch (err) {
          applied.push({
            slot,
            kind: "maneuver-failed",
            detail: `burn not executed: ${err instanceof Error ? err.message : String(err)}`,
            maneuverId: command.maneuver.id,
          });
          continue;
        }
      }
      this.subsystems?.apply(slot, command);
    }
    return applied;
  }

  /** 64-bit digest of the state columns after the last step. */
  digest(): string {
    this.#columnsOfLastStep();
    const d = new StateDigest()
      .update(new Float64Array([this.#tick, this.#simTimeMs]))
      .update(this.#orbit.posKm)
      .update(this.#orbit.velKmS)
      .update(this.#sunlitFraction)
      .update(this.#status)
      .update(this.#destroyed);
    this.subsystems?.digestInto(d);
    return d.hex();
  }

  encodeTelemetry(run: string): Uint8Array {
    this.#columnsOfLastStep();
    // Satellites in a comms blackout send nothing: their columns carry NaN and status no-signal.
    const dark = this.faults.blackout.includes(1) ? this.faults.blackout : undefined;
    const n = this.count;
    orbitColumns.begin();
    const col = (a: Float64Array, width: number) => {
      const c = orbitColumns.float32(a.length);
      c.set(a);
      if (dark) for (let i = 0; i < n; i++) if (dark[i]) c.fill(Number.NaN, i * width, (i + 1) * width);
      return float32ToBin(c);
    };
    return clusterTelemetry.encode({
      v: CLUSTER_TELEMETRY_VERSION,
      run,
      cluster: this.id,
      tick: this.#tick,
      simTimeMs: this.#simTimeMs,
      count: n,
      posKm: col(this.#orbit.posKm, 3),
      velKmS: col(this.#orbit.velKmS, 3),
      latDeg: col(this.#orbit.latDeg, 1),
      lonDeg: col(this.#orbit.lonDeg, 1),
      altKm: col(this.#orbit.altKm, 1),
      sunlitFraction: col(this.#sunlitFraction, 1),
      status: dark ? this.#status.map((v, i) => (dark[i] ? SatStatus.noSignal : v)) : this.#status,
      ...(this.subsystems ? this.subsystems.columns(this.faults) : {}),
    });
  }

  /** One satellite's telemetry, or undefined when it is not in this cluster. */
  satelliteTelemetry(run: string, sat: string): SatelliteTelemetry | undefined {
    const slot = this.slotOf(sat);
    if (slot === undefined || this.faults.blackout[slot]) return undefined;
    this.#columnsOfLastStep();
    const o = this.#orbit;
    const i3 = slot * 3;
    return {
      v: 1,
      run,
      cluster: this.id,
      sat,
      tick: this.#tick,
      simTimeMs: this.#simTimeMs,
      posKm: [o.posKm[i3]!, o.posKm[i3 + 1]!, o.posKm[i3 + 2]!],
      velKmS: [o.velKmS[i3]!, o.velKmS[i3 + 1]!, o.velKmS[i3 + 2]!],
      latDeg: o.latDeg[slot]!,
      lonDeg: o.lonDeg[slot]!,
      altKm: o.altKm[slot]!,
      sunlitFraction: this.#sunlitFraction[slot]!,
      status: SatStatusNames[this.#status[slot]!] ?? "ok",
      ...(this.subsystems ? this.#subsystemTelemetry(slot, this.subsystems) : {}),
    };
  }

  #subsystemTelemetry(slot: number, sub: ClusterSubsystems) {
    const s = sub.state;
    return {
      health: sub.healthName(slot),
      batterySoc: s.batteryWh[slot]! / (sub.spec.battery.capacityWh * s.batteryHealth[slot]! || 1),
      generatedW: s.generatedW[slot]!,
      consumedW: s.consumedW[slot]!,
      tempComputeK: s.tempComputeK[slot]!,
      tempRadiatorK: s.tempRadiatorK[slot]!,
      junctionK: sub.junctionK(slot),
      clock: s.clockCommand[slot]!,
      acceleratorsActive: s.acceleratorsActive[slot]!,
      acceleratorsFailed: s.acceleratorsFailed[slot]!,
      sparesLeft: s.sparesLeft[slot]!,
      doseRad: s.doseRad[slot]!,
    };
  }

  encodeSatelliteTelemetry(run: string, sat: string): Uint8Array | undefined {
    const t = this.satelliteTelemetry(run, sat);
    return t && satelliteTelemetry.encode(t);
  }
}

/** SGP4's error codes (Vallado's sgp4unit), for people. */
function sgp4ErrorText(code: number): string {
  const why: Record<number, string> = {
    1: "mean eccentricity out of range",
    2: "mean motion below zero",
    3: "perturbed eccentricity out of range",
    4: "semi-latus rectum below zero",
    6: "decayed: the orbit is below the Earth's surface",
  };
  return `orbit lost: SGP4 error ${code} (${why[code] ?? "propagation failed"}); the satellite is no longer propagated`;
}
