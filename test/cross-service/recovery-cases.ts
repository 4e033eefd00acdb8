/**
 * Exact recovery, shared by the in-process and the real-NATS suites: a twin with a bus, the
 * thermal service and debris-watch loses a fleet host (or a service is replaced) mid-run, every
 * participant goes back to the last coordinated checkpoint, and the run ends with the digest of
 * the undisturbed run.
 */
import { expect } from "vitest";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { EventKinds, fleetTelemetry, orbitwinEvent, parseScenario, subjects, encodeMessage, runStatusReply } from "@orbitwin/protocol";
import { silentLogger, type Bus, type WallClock } from "@orbitwin/runtime";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { awaitMessage, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

export const recoveryYaml = `
name: recovery
epoch: 2026-03-20T00:00:00Z
dt: 60s
duration: 40m
seed: 11
clusterSize: 6
checkpoint: { everyTicks: 5, keep: 2 }
bus: { preset: starlink-v2-mini-gpu, radiatorAreaM2: 3 }
constellations:
  - { kind: walker, name: w, planes: 3, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
debris:
  planted: [{ target: w-p02-s03, at: 25m, crossingAngleDeg: 80 }]
  synthetic: { count: 40 }
  lookAhead: 1h
  covariance:
    fleet: { radialKm: 0.001, alongTrackKm: 0.001, crossTrackKm: 0.001 }
    debris: { radialKm: 0.001, alongTrackKm: 0.001, crossTrackKm: 0.001 }
  mitigation: { lead: 10m, interrupt: 3m }
`;

export interface RecoveryTwin {
  twin: TwinFixture;
  thermal: ThermalService;
  watch: DebrisWatch;
  stop(): Promise<void>;
}

export function newThermal(bus: Bus, run: string, wallClock?: WallClock): ThermalService {
  return new ThermalService({ bus, run, policy: resolveThermalPolicy(), log: silentLogger(), ...(wallClock ? { wallClock } : {}) });
}

export function newWatch(bus: Bus, run: string, wallClock?: WallClock): DebrisWatch {
  const s = parseScenario(recoveryYaml, "recovery");
  return new DebrisWatch({
    bus,
    run,
    config: s.debris,
    seed: s.seed,
    epochMs: s.epochMs,
    baseDir: ".",
    log: silentLogger(),
    ...(wallClock ? { wallClock } : {}),
  });
}

export async function startRecoveryTwin(
  bus: Bus,
  run: string,
  options: { hosts: number; startPaused?: boolean; wallClock?: WallClock },
): Promise<RecoveryTwin> {
  const thermal = newThermal(bus, run, options.wallClock);
  const watch = newWatch(bus, run, options.wallClock);
  await thermal.start();
  await watch.start();
  const twin = await startTwinOnBus({
    bus,
    run,
    hosts: options.hosts,
    yaml: recoveryYaml,
    requiredParticipants: ["thermal", "debris-watch"],
    ...(options.startPaused ? { startPaused: true } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
  });
  return {
    twin,
    thermal,
    watch,
    stop: async () => {
      await twin.stop();
      await thermal.stop();
      await watch.stop();
    },
  };
}

export async function control(bus: Bus, run: string, verb: "step" | "resume", body: object = {}): Promise<void> {
  const reply = runStatusReply.decode((await bus.request(subjects.control(run, verb), encodeMessage(body), { timeoutMs: 10_000 })).data);
  if (!reply.ok) throw new Error(reply.error.message);
}

export function tickReached(bus: Bus, run: string, tick: number): Promise<true> {
  return awaitMessage(bus, subjects.fleet(run), (d) => (fleetTelemetry.decode(d).tick === tick ? true : undefined), `tick ${tick}`);
}

export function restored(bus: Bus, run: string) {
  return awaitMessage(bus, subjects.event(run, EventKinds.runRestored), (d) => orbitwinEvent.decode(d), "run-restored", 60_000);
}

export function expectRestoredTo(event: { data: Record<string, unknown> }, checkpoint: number, from: number): void {
  expect(event.data.tick).toBe(checkpoint);
  expect(Number(event.data.from)).toBeGreaterThanOrEqual(from);
}
