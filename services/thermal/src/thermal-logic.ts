/**
 * What the thermal control authority decides, apart from the bus (a ParticipantLogic): each
 * cluster's batch of tick n is decided as it comes (sensor check, throttle, safe mode, duty
 * cycle; cluster-control.ts), raising alarms and sensor events; tick n then sends the commands of
 * every cluster decided on n (they apply at n + 1). Junction models come from the clusters' bus
 * presets, so no decision depends on when the definitions were read.
 */
import { ErrorCodes, EventKinds, OrbitwinError, type ThermalStatus } from "@orbitwin/protocol";
import type { ClusterDefinitions, ParticipantEvent, ParticipantLogic } from "@orbitwin/runtime";
import { busPresets } from "@orbitwin/physics";
import { ClusterControl, type ClusterControlSnapshot, type SensorChange } from "./cluster-control.js";
import { suspectNames, type JunctionModel } from "./sensor-check.js";
import type { Alarm, ResolvedThermalPolicy } from "./thermal-policy.js";

export interface ThermalState {
  readonly controls: Map<string, ClusterControl>;
  lastTick: number;
  commandsSent: number;
  alarmsRaised: number;
}

export interface ThermalSnapshot {
  controls: ClusterControlSnapshot[];
  lastTick: number;
  commandsSent: number;
  alarmsRaised: number;
}

export interface SatelliteMargin {
  sat: string;
  cluster: string;
  junctionK: number;
  marginK: number;
  clock: number;
  batterySoc: number;
  safeMode: boolean;
}

const ALARM_TEXT: Record<Alarm, string> = {
  "junction-over-limit": "accelerator junction over its limit",
  "battery-low": "battery below the safe-mode threshold: safe mode commanded",
  "thermal-safe-mode": "junction over its limit at the lowest clock: safe mode commanded",
  "eclipse-power": "battery would reach the safe-mode threshold before eclipse exit: duty cycle cut",
};

export function thermalLogic(policy: ResolvedThermalPolicy): ParticipantLogic<ThermalState, ThermalSnapshot> {
  const modelsByDefinitions = new WeakMap<ClusterDefinitions, Map<string, JunctionModel | undefined>>();
  /** Each cluster's junction model (undefined for a bus without a preset), worked out once per set of definitions. */
  const modelOf = (definitions: ClusterDefinitions, cluster: string): JunctionModel | undefined => {
    let models = modelsByDefinitions.get(definitions);
    if (!models) {
      models = new Map();
      for (const def of definitions.values()) {
        const preset = def.bus ? busPresets[def.bus.preset] : undefined;
        models.set(def.cluster, preset ? { junctionResistanceKPerW: preset.accelerator.junctionResistanceKPerW, busLoadW: preset.busLoadW } : undefined);
      }
      modelsByDefinitions.set(definitions, models);
    }
    return models.get(cluster);
  };
  return {
    initial: () => ({ controls: new Map(), lastTick: 0, commandsSent: 0, alarmsRaised: 0 }),
    // Ids and buses only: it never propagates an orbit.
    readsElements: false,
    onBatch: (state, t, { definitions }) => {
      let control = state.controls.get(t.cluster);
      // The definition's ids (the runner checked the batch against it): one copy of a million ids, not two.
      if (!control) state.controls.set(t.cluster, (control = new ClusterControl(t.cluster, definitions.get(t.cluster)!.satIds)));
      const { alarms, sensors } = control.decide(policy, t, modelOf(definitions, t.cluster));
      const events: ParticipantEvent[] = [];
      for (const a of alarms) {
        state.alarmsRaised++;
        events.push({
          kind: EventKinds.thermalAlarm,
          severity: a.alarm === "junction-over-limit" ? "error" : "warning",
          message: `${a.sat}: ${ALARM_TEXT[a.alarm]} (margin ${a.marginK.toFixed(1)} K, battery ${(a.batterySoc * 100).toFixed(0)} %)`,
          data: { sat: a.sat, cluster: t.cluster, alarm: a.alarm, marginK: a.marginK, batterySoc: a.batterySoc },
        });
      }
      for (const change of sensors) events.push(sensorEvent(t.cluster, change));
      return events;
    },
    decide: (state, tick) => {
      const commands = new Map<string, ClusterControl["commands"]>();
      for (const c of state.controls.values()) if (c.decidedTick === tick.tick && c.commands.length > 0) commands.set(c.cluster, c.commands);
      state.lastTick = tick.tick;
      return { commands, events: [] };
    },
    snapshot: (state) => ({
      controls: [...state.controls.values()].map((c) => c.snapshot()),
      lastTick: state.lastTick,
      commandsSent: state.commandsSent,
      alarmsRaised: state.alarmsRaised,
    }),
    restore: (snap, _current, { definitions }) => ({
      controls: new Map(snap.controls.map((c) => [c.cluster, ClusterControl.fromSnapshot(c, definedSatIds(definitions, c.cluster))])),
      lastTick: snap.lastTick,
      commandsSent: snap.commandsSent,
      alarmsRaised: snap.alarmsRaised,
    }),
    failureEvent: (err) => ({
      kind: EventKinds.thermalAlarm,
      severity: "critical",
      message: `thermal control failed to decide: ${err instanceof Error ? err.message : String(err)}`,
      data: { alarm: "control-failure" },
    }),
    commandsAccepted: (state, _cluster, count) => {
      state.commandsSent += count;
    },
  };
}

/** A snapshot keeps no satellite ids (a million of them took 2.7 s to pack): they come from the definitions. */
function definedSatIds(definitions: ClusterDefinitions | undefined, cluster: string): readonly string[] {
  const def = definitions?.get(cluster);
  if (!def) throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `thermal snapshot names cluster ${cluster}, which the run does not define`);
  return def.satIds;
}

/** `svc.thermal.status`: what is throttled, in safe mode or over its limit now. */
export function thermalStatus(state: ThermalState): ThermalStatus {
  let throttled = 0;
  let safeMode = 0;
  let overLimit = 0;
  let tracked = 0;
  for (const c of state.controls.values()) {
    tracked += c.satIds.length;
    for (let i = 0; i < c.satIds.length; i++) {
      if (c.safeMode[i]) safeMode++;
      else if (c.clock[i]! < 1 || c.dutyCycle[i]! < 1) throttled++;
      if (c.marginK[i]! < 0) overLimit++;
    }
  }
  return {
    tick: state.lastTick,
    satellitesTracked: tracked,
    throttled,
    safeMode,
    overLimit,
    commandsSent: state.commandsSent,
    alarmsRaised: state.alarmsRaised,
  };
}

/** `svc.thermal.margins`: the satellites closest to their junction limit first. */
export function thermalMargins(state: ThermalState, limit: number, sats?: readonly string[]): { tick: number; satellites: SatelliteMargin[] } {
  const wanted = sats ? new Set(sats) : undefined;
  const rows: SatelliteMargin[] = [];
  for (const c of state.controls.values()) {
    for (let i = 0; i < c.satIds.length; i++) {
      const sat = c.satIds[i]!;
      if (wanted && !wanted.has(sat)) continue;
      if (!Number.isFinite(c.marginK[i]!)) continue;
      rows.push({
        sat,
        cluster: c.cluster,
        junctionK: c.lastJunctionK[i]!,
        marginK: c.marginK[i]!,
        clock: c.clock[i]!,
        batterySoc: c.batterySoc[i]!,
        safeMode: c.safeMode[i] === 1,
      });
    }
  }
  rows.sort((a, b) => a.marginK - b.marginK || (a.sat < b.sat ? -1 : 1));
  return { tick: state.lastTick, satellites: rows.slice(0, limit) };
}

function sensorEvent(cluster: string, c: SensorChange): ParticipantEvent {
  const suspect = suspectNames(c.suspect);
  const cleared = suspectNames(c.was & ~c.suspect);
  const readings = `junction ${c.junctionK.toFixed(1)} K, compute node ${c.tempComputeK.toFixed(1)} K${Number.isFinite(c.expectedJunctionK) ? ` (so the junction should be ${c.expectedJunctionK.toFixed(1)} K)` : ""}, battery ${c.batterySoc.toFixed(3)}`;
  const message =
    suspect.length > 0
      ? `${c.sat}: ${suspect.join(" and ")} ruled out by physics (${readings}); controlling without ${suspect.length > 1 ? "them" : "it"}`
      : `${c.sat}: ${cleared.join(" and ")} agree${cleared.length > 1 ? "" : "s"} with physics again (${readings})`;
  return {
    kind: EventKinds.sensorSuspect,
    severity: suspect.length > 0 ? "warning" : "info",
    message,
    data: {
      sat: c.sat,
      cluster,
      suspect,
      cleared,
      junctionK: reading(c.junctionK),
      expectedJunctionK: reading(c.expectedJunctionK),
      tempComputeK: reading(c.tempComputeK),
      batterySoc: reading(c.batterySoc),
    },
  };
}

/** A reading as events carry it: null when there is none (no signal, no model), which JSON and the schema can hold. */
function reading(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
