/**
 * A whole twin (coordinator, one fleet host, thermal, scheduler, debris-watch) in this process,
 * each service on its own NATS connection as the user of its role: the roles must be enough for
 * the twin to run, checkpoint and command its satellites.
 */
import { Coordinator, expandScenario } from "@orbitwin/coordinator";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { FleetHost } from "@orbitwin/fleet";
import { parseScenario } from "@orbitwin/protocol";
import { createSchedulerCore, SchedulerService } from "@orbitwin/scheduler";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { connectNatsBus, inboxPrefix, silentLogger, type NatsBus } from "@orbitwin/runtime";
import type { Identity } from "./role-probes.js";

export const roleTwinScenario = `
name: roles
epoch: 2026-05-13T00:00:00Z
dt: 60s
duration: 24h
seed: 16
checkpoint: { everyTicks: 2 }
bus: { preset: starlink-v2-mini-gpu, batteryCapacityWh: 3000 }
thermal: { junctionMarginK: 8, hysteresisK: 6, safeModeSoc: 0.25, resumeSoc: 0.5 }
scheduler:
  arrivals:
    - { kind: batch, ratePerHour: 60, accelerators: 8, acceleratorHours: 6, checkpointIntervalS: 1200 }
debris:
  synthetic: { count: 20 }
  lookAhead: 1h
constellations:
  - { kind: walker, name: dc, planes: 2, satsPerPlane: 6, phasing: 1, altKm: 550, inclinationDeg: 53 }
`;

/** Connects as `id`, with its own inbox prefix, as the CLI and services do in secure mode. */
export function busAs(url: string, id: Identity): Promise<NatsBus> {
  return connectNatsBus({ url, name: `roles-${id.user}`, nkeySeed: id.seed, inboxPrefix: inboxPrefix(id.user), log: silentLogger() });
}

export interface RoleTwin {
  stop(): Promise<void>;
}

export async function startRoleTwin(options: { url: string; run: string; host: string; ids: ReadonlyMap<string, Identity> }): Promise<RoleTwin> {
  const { url, run } = options;
  const scenario = parseScenario(roleTwinScenario, "roles scenario");
  const as = (user: string) => busAs(url, options.ids.get(user)!);
  const buses: NatsBus[] = [];
  const bus = async (user: string) => {
    const b = await as(user);
    buses.push(b);
    return b;
  };
  const log = silentLogger();
  const coordinator = new Coordinator({
    bus: await bus("coordinator"),
    run,
    scenario,
    clusters: expandScenario(scenario, { run, source: "roles scenario", readElementFile: () => "" }),
    log,
    minHosts: 1,
    requiredParticipants: ["thermal", "scheduler", "debris-watch"],
    speed: null,
  });
  const services = [
    coordinator,
    new ThermalService({ bus: await bus("thermal"), run, policy: resolveThermalPolicy(scenario.thermal), log }),
    new SchedulerService({ bus: await bus("scheduler"), run, core: createSchedulerCore({ section: scenario.scheduler, seed: scenario.seed }), log }),
    new DebrisWatch({ bus: await bus("debris-watch"), run, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: ".", log }),
    new FleetHost({ bus: await bus(`fleet-${options.host}`), run, hostId: options.host, log }),
  ];
  for (const s of services) await s.start();
  return {
    stop: async () => {
      for (const s of services.reverse()) await s.stop();
      for (const b of buses) await b.drain();
    },
  };
}
