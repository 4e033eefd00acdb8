/**
 * Simulated faults on one cluster's satellites. Permanent damage changes the physics state for
 * good (loss, failed chips, radiator, array, battery); temporary conditions (solar particle event,
 * comms blackout, stuck thruster, sensor fault) last until their end time or until cleared.
 */
import { SensorFields, type FaultActivation } from "@orbitwin/protocol";
import type { ClusterSubsystems } from "./cluster-subsystems.js";

export interface FaultEffect {
  slot: number;
  faultId: string;
  kind: FaultActivation["kind"];
  detail: string;
}

interface TemporaryFault {
  id: string;
  kind: FaultActivation["kind"];
  slots: number[];
  untilMs: number | undefined;
  field?: (typeof SensorFields)[number];
  offset?: number;
}

export interface ClusterFaultsSnapshot {
  applied: string[];
  blackout: Uint8Array;
  stuckThruster: Uint8Array;
  sensorOffset: Float64Array;
  temporary: TemporaryFault[];
}

export class ClusterFaults {
  readonly blackout: Uint8Array;
  readonly stuckThruster: Uint8Array;
  /** per field (SensorFields order) then slot: added to the reading in telemetry */
  readonly sensorOffset: Float64Array;
  #temporary: TemporaryFault[] = [];
  /** ids of the faults already started here: a tick rerun under a new epoch announces them again */
  readonly #applied = new Set<string>();
  readonly #count: number;

  constructor(count: number) {
    this.#count = count;
    this.blackout = new Uint8Array(count);
    this.stuckThruster = new Uint8Array(count);
    this.sensorOffset = new Float64Array(SensorFields.length * count);
  }

  /** True the first time a fault id is seen; false for a fault this cluster has already started. */
  firstTime(id: string): boolean {
    if (this.#applied.has(id)) return false;
    this.#applied.add(id);
    return true;
  }

  get hasSensorFault(): boolean {
    return this.#temporary.some((t) => t.kind === "sensor-fault");
  }

  /**
   * Starts a fault on the given slots. Loss and strikes are the actor's (they end the orbit);
   * returns what happened to each slot, for events.
   */
  apply(f: FaultActivation, slots: readonly number[], subsystems: ClusterSubsystems | undefined): FaultEffect[] {
    const effects: FaultEffect[] = [];
    const effect = (slot: number, detail: string) => effects.push({ slot, faultId: f.id, kind: f.kind, detail });
    const temporary = (extra: Partial<TemporaryFault> = {}) =>
      this.#temporary.push({ id: f.id, kind: f.kind, slots: [...slots], untilMs: f.untilMs, ...extra });
    switch (f.kind) {
      case "accelerator-failure":
        for (const slot of slots) effect(slot, subsystems ? subsystems.failAccelerators(slot, f.count ?? 1) : "no bus: nothing to fail");
        break;
      case "radiator-damage":
      case "solar-array-degradation":
      case "battery-cell-failure":
        for (const slot of slots) effect(slot, subsystems ? subsystems.degrade(f.kind, slot, f.fraction ?? 0.5) : "no bus: nothing to damage");
        break;
      case "solar-particle-event":
        for (const slot of slots) {
          if (subsystems) subsystems.setDoseFactor(slot, f.multiplier ?? 100);
          effect(slot, `dose and upset rates x${f.multiplier ?? 100}`);
        }
        temporary();
        break;
      case "comms-blackout":
        for (const slot of slots) {
          this.blackout[slot] = 1;
          effect(slot, "telemetry and commands lost");
        }
        temporary();
        break;
      case "stuck-thruster":
        for (const slot of slots) {
          this.stuckThruster[slot] = 1;
          effect(slot, "thruster stuck: maneuvers fail");
        }
        temporary();
        break;
      case "sensor-fault": {
        const field = f.field ?? "junctionK";
        const offset = f.offset ?? 0;
        const base = SensorFields.indexOf(field) * this.#count;
        for (const slot of slots) {
          this.sensorOffset[base + slot] = this.sensorOffset[base + slot]! + offset;
          effect(slot, `${field} reads ${offset >= 0 ? "+" : ""}${offset} off`);
        }
        temporary({ field, offset });
        break;
      }
      case "satellite-loss":
      case "debris-strike":
        break;
    }
    return effects;
  }

  /** Ends temporary faults that are over at `simTimeMs` or named in `ended`; their slots recover. */
  expire(simTimeMs: number, ended: readonly string[], subsystems: ClusterSubsystems | undefined): FaultEffect[] {
    const effects: FaultEffect[] = [];
    const keep: TemporaryFault[] = [];
    for (const t of this.#temporary) {
      const over = ended.includes(t.id) || (t.untilMs !== undefined && simTimeMs >= t.untilMs);
      if (!over) {
        keep.push(t);
        continue;
      }
      for (const slot of t.slots) {
        if (t.kind === "solar-particle-event" && subsystems) subsystems.setDoseFactor(slot, 1);
        if (t.kind === "comms-blackout") this.blackout[slot] = 0;
        if (t.kind === "stuck-thruster") this.stuckThruster[slot] = 0;
        if (t.kind === "sensor-fault") {
          const base = SensorFields.indexOf(t.field ?? "junctionK") * this.#count;
          this.sensorOffset[base + slot] = this.sensorOffset[base + slot]! - (t.offset ?? 0);
        }
        effects.push({ slot, faultId: t.id, kind: t.kind, detail: "recovered" });
      }
    }
    this.#temporary = keep;
    return effects;
  }

  snapshot(): ClusterFaultsSnapshot {
    return {
      applied: [...this.#applied],
      blackout: this.blackout.slice(),
      stuckThruster: this.stuckThruster.slice(),
      sensorOffset: this.sensorOffset.slice(),
      temporary: structuredClone(this.#temporary),
    };
  }

  restore(s: ClusterFaultsSnapshot): void {
    this.#applied.clear();
    for (const id of s.applied) this.#applied.add(id);
    this.blackout.set(s.blackout);
    this.stuckThruster.set(s.stuckThruster);
    this.sensorOffset.set(s.sensorOffset);
    this.#temporary = structuredClone(s.temporary);
  }
}
