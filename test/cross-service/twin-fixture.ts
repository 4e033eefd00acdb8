/**
 * Builds a whole twin (coordinator + fleet hosts) on one bus, for tests that cross services:
 * the in-process LocalBus for fast deterministic tests, or a NatsBus on a real server.
 */
import { Coordinator } from "@orbitwin/coordinator";
import { expandScenario } from "@orbitwin/coordinator";
import { FleetHost } from "@orbitwin/fleet";
import { parseScenario, type Scenario } from "@orbitwin/protocol";
import { silentLogger, type Bus, type WallClock } from "@orbitwin/runtime";
import { CrashableBus } from "@orbitwin/runtime/testing";

export const smallScenarioYaml = `
name: small
epoch: 2026-05-13T00:00:00Z
dt: 10s
duration: 5m
seed: 7
clusterSize: 12
constellations:
  - { kind: walker, name: shell, planes: 4, satsPerPlane: 10, phasing: 1, altKm: 550, inclinationDeg: 53 }
  - { kind: formation, name: sc, count: 9, radiusM: 1000, altKm: 650 }
`;

export interface TwinFixture {
  coordinator: Coordinator;
  hosts: FleetHost[];
  scenario: Scenario;
  stop(): Promise<void>;
}

export interface CoordinatorFixtureOptions {
  bus: Bus;
  run: string;
  /** fleet hosts the first tick waits for */
  hosts: number;
  yaml?: string;
  speed?: number | null;
  startPaused?: boolean;
  wallClock?: WallClock;
  durationMs?: number | null;
  /** clock participants (e.g. "thermal", "scheduler", "debris-watch") the first tick waits for */
  requiredParticipants?: string[];
  /** take the run over from its newest complete checkpoint, as a standby does @default false */
  resume?: boolean;
  /** reads an element file the scenario names (a tle or omm constellation) @default none: such scenarios fail */
  readElementFile?: (path: string) => string;
}

/** A coordinator as the fixture builds them, for tests that start one later (a successor). */
export function newCoordinator(options: CoordinatorFixtureOptions, scenario = parseScenario(options.yaml ?? smallScenarioYaml, "test scenario")): Coordinator {
  const clusters = expandScenario(scenario, { run: options.run, source: "test scenario", readElementFile: options.readElementFile ?? (() => "") });
  return new Coordinator({
    bus: options.bus,
    run: options.run,
    scenario,
    clusters,
    log: silentLogger(),
    minHosts: options.hosts,
    speed: options.speed === undefined ? null : options.speed,
    ...(options.startPaused ? { startPaused: true } : {}),
    ...(options.requiredParticipants ? { requiredParticipants: options.requiredParticipants } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    ...(options.resume ? { resume: true } : {}),
  });
}

export async function startTwinOnBus(
  options: CoordinatorFixtureOptions & {
    /** each fleet host's own connection (a test cuts one to crash that host); @default the shared bus */
    busForHost?: (hostId: string) => Bus;
    /** the coordinator's own connection; @default the shared bus */
    coordinatorBus?: Bus;
  },
): Promise<TwinFixture> {
  const scenario = parseScenario(options.yaml ?? smallScenarioYaml, "test scenario");
  const coordinator = newCoordinator({ ...options, bus: options.coordinatorBus ?? options.bus }, scenario);
  const hosts = Array.from({ length: options.hosts }, (_, i) =>
    newFleetHost({
      bus: options.busForHost?.(`h${i + 1}`) ?? options.bus,
      run: options.run,
      hostId: `h${i + 1}`,
      ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    }),
  );
  await coordinator.start();
  for (const h of hosts) await h.start();
  return {
    coordinator,
    hosts,
    scenario,
    stop: async () => {
      for (const h of hosts) await h.stop();
      await coordinator.stop();
    },
  };
}

/** Each fleet host's own connection to `bus`, cut by host id (the newest connection when an id comes back). */
export function hostLinks(bus: Bus): { busFor: (hostId: string) => Bus; crash: (hostId: string) => void } {
  const links = new Map<string, CrashableBus>();
  return {
    busFor: (hostId) => {
      const link = new CrashableBus(bus, hostId);
      links.set(hostId, link);
      return link.bus;
    },
    crash: (hostId) => links.get(hostId)?.crash(),
  };
}

/** A fleet host as the fixture builds them, for tests that start one later (a restart, a newcomer). */
export function newFleetHost(options: { bus: Bus; run: string; hostId: string; wallClock?: WallClock }): FleetHost {
  return new FleetHost({ ...options, log: silentLogger() });
}

/** Resolves once every cluster of the run is on a host (commands need their cluster hosted); rejects after `timeoutMs`. */
export async function clustersAssigned(twin: TwinFixture, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const assigned = () => twin.coordinator.status().hosts.reduce((n, h) => n + h.clusters, 0);
  while (assigned() < twin.coordinator.status().clusters) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for the clusters to be assigned (${assigned()} of ${twin.coordinator.status().clusters})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the first message on `subject` that `accept` maps to a value; rejects after `timeoutMs`. */
export function awaitMessage<T>(bus: Bus, subject: string, accept: (data: Uint8Array) => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${subject}`));
    }, timeoutMs);
    const sub = bus.subscribe(subject, (msg) => {
      const value = accept(msg.data);
      if (value === undefined) return;
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(value);
    });
  });
}

/**
 * `target` as a service sees it through a test's stand-in for some of its members; every other
 * member is the target's own, called on the target.
 */
export function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value: unknown = Reflect.get(object, prop, object);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}
