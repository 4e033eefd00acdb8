/**
 * The fuzz scenario's whole twin in this process on one bus (every service, the gateway too):
 * the catalogue test records what its services subscribe to, and the fuzz takes its undisturbed
 * reference digest from it (a run's digest is the same on the in-process bus as on NATS).
 */
import { dirname } from "node:path";
import { Coordinator, loadScenarioFile } from "@orbitwin/coordinator";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { FleetHost } from "@orbitwin/fleet";
import { Gateway } from "@orbitwin/gateway";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { silentLogger, type Bus } from "@orbitwin/runtime";

export interface LocalTwin {
  coordinator: Coordinator;
  stop(): Promise<void>;
}

/** Starts the twin of `scenarioPath` on `bus` (one fleet host, `<run>-h1`), running as fast as it can. */
export async function startLocalTwin(options: { bus: Bus; run: string; scenarioPath: string; durationMs?: number }): Promise<LocalTwin> {
  const { bus, run, scenarioPath } = options;
  const { scenario, clusters } = loadScenarioFile(scenarioPath, run);
  const log = silentLogger();
  const coordinator = new Coordinator({
    bus,
    run,
    scenario,
    clusters,
    log,
    minHosts: 1,
    speed: null,
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    requiredParticipants: ["thermal", "scheduler", "debris-watch"],
  });
  const services = [
    coordinator,
    new ThermalService({ bus, run, policy: resolveThermalPolicy(scenario.thermal), log }),
    new SchedulerService({ bus, run, core: createSchedulerCore({ section: scenario.scheduler, seed: scenario.seed }), log }),
    new DebrisWatch({ bus, run, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: dirname(scenarioPath), log }),
    new Gateway({ bus, run, port: 0, log }),
    new FleetHost({ bus, run, hostId: `${run}-h1`, log }),
  ];
  for (const s of services) await s.start();
  return {
    coordinator,
    stop: async () => {
      for (const s of services.reverse()) await s.stop();
    },
  };
}
