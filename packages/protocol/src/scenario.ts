/**
 * Scenario files (YAML or JSON): what to simulate. Validated here with errors that name the field;
 * expanded into satellites and clusters by the coordinator (which owns the physics generators).
 */
import { Type, type Static } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { parse as parseYaml } from "yaml";
import { InvalidScenarioError } from "./errors.js";
import { plainDataProblem } from "./plain-data.js";
import { DebrisWatchSchema, neighbourProblems, type DebrisWatchConfig } from "./scenario-debris.js";
import { StorageSchema, resolveStorage, type StorageConfig } from "./scenario-storage.js";
import { ScenarioFaultSchema, type ScenarioFault } from "./messages/faults.js";
import { RunLimitsSchema, resolveRunLimits, type RunLimits } from "./run-limits.js";
import {
  BusChoiceSchema,
  ConstellationSchema,
  KebabName,
  constellationCheckers,
  constellationProblems,
  declaredSatellites,
  type BusChoice,
  type ConstellationSpec,
} from "./scenario-constellations.js";

export {
  BusChoiceSchema,
  ConstellationSchema,
  MAX_SHELL_THICKNESS_KM,
  MAX_SSO_ALT_KM,
  declaredSatellites,
  type BusChoice,
  type ConstellationSpec,
} from "./scenario-constellations.js";

/** A duration: a number of seconds, or a string such as "90s", "15m", "6h", "2d", "1y". */
const Duration = Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|y)\\s*$" })], {
  description: "seconds, or a number with a unit: ms, s, m, h, d, y (365.25 d)",
});

/** The thermal control authority's policy (services/thermal). */
export const ThermalPolicySchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: "run the thermal service; default true when the scenario has a bus" })),
    junctionMarginK: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: "throttle when the junction is closer than this to its limit, K; default 8" }),
    ),
    hysteresisK: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "raise the clock again only with this much more margin, K; default 6" })),
    throttleStep: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "clock change per decision; default 0.1" })),
    minClock: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "lowest clock before safe mode; default 0.2" })),
    safeModeSoc: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "battery state of charge that forces safe mode; default 0.25" })),
    resumeSoc: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "state of charge to leave safe mode; default 0.5" })),
    minDutyCycle: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "lowest duty cycle used to stretch the battery to eclipse exit; default 0.1" }),
    ),
  },
  { additionalProperties: false },
);
export type ThermalPolicy = Static<typeof ThermalPolicySchema>;

/** Retention of the run's history streams (fleet aggregates, events, sampled cluster telemetry). */
export const HistorySchema = Type.Object(
  {
    maxAge: Type.Optional(Duration),
    sampleEveryTicks: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000, description: "keep every Nth tick's cluster telemetry; 0 = none; default 10" }),
    ),
    fleetMaxBytes: Type.Optional(Type.Integer({ minimum: 1024, description: "fleet aggregate stream limit, bytes; default 256 MiB" })),
    eventsMaxBytes: Type.Optional(Type.Integer({ minimum: 1024, description: "event stream limit, bytes; default 256 MiB" })),
    samplesMaxBytes: Type.Optional(Type.Integer({ minimum: 1024, description: "sampled telemetry stream limit, bytes; default 1 GiB" })),
  },
  { additionalProperties: false },
);
export type HistoryChoice = Static<typeof HistorySchema>;

/** Resolved history retention: the oldest records go first when a limit is reached. */
export interface HistoryConfig {
  /** records older than this are dropped, ms */
  readonly maxAgeMs: number;
  /** 0 = no sampled telemetry */
  readonly sampleEveryTicks: number;
  readonly fleetMaxBytes: number;
  readonly eventsMaxBytes: number;
  readonly samplesMaxBytes: number;
}

export const DEFAULT_HISTORY: HistoryConfig = Object.freeze({
  maxAgeMs: 7 * 86_400_000,
  sampleEveryTicks: 10,
  fleetMaxBytes: 256 * 2 ** 20,
  eventsMaxBytes: 256 * 2 ** 20,
  samplesMaxBytes: 2 ** 30,
});

/** The scenario's `history:` over the defaults, then flag overrides over both. */
export function resolveHistory(choice: HistoryChoice | undefined, overrides: Partial<HistoryConfig> = {}): HistoryConfig {
  return Object.freeze({
    maxAgeMs: choice?.maxAge === undefined ? DEFAULT_HISTORY.maxAgeMs : parseDurationMs(choice.maxAge, "/history/maxAge"),
    sampleEveryTicks: choice?.sampleEveryTicks ?? DEFAULT_HISTORY.sampleEveryTicks,
    fleetMaxBytes: choice?.fleetMaxBytes ?? DEFAULT_HISTORY.fleetMaxBytes,
    eventsMaxBytes: choice?.eventsMaxBytes ?? DEFAULT_HISTORY.eventsMaxBytes,
    samplesMaxBytes: choice?.samplesMaxBytes ?? DEFAULT_HISTORY.samplesMaxBytes,
    ...overrides,
  });
}

export const PlacementPolicies = ["first-fit", "energy-aware"] as const;
export type PlacementPolicyName = (typeof PlacementPolicies)[number];

/** A seeded arrival process of the scheduler: Poisson arrivals of one shape of job. */
export const JobArrivalSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal("training"), Type.Literal("inference"), Type.Literal("batch")]),
    ratePerHour: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "mean arrivals per hour of simulation time" }),
    accelerators: Type.Integer({ minimum: 1, maximum: 100_000, description: "accelerators per job" }),
    acceleratorHours: Type.Number({ exclusiveMinimum: 0, description: "work per job, accelerator-hours" }),
    checkpointIntervalS: Type.Optional(Type.Number({ minimum: 1, description: "job time between checkpoints, s" })),
    latencyClass: Type.Optional(Type.Union([Type.Literal("interactive"), Type.Literal("standard")])),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: "stop after this many arrivals" })),
  },
  { additionalProperties: false },
);
export type JobArrival = Static<typeof JobArrivalSchema>;

/** The AI job scheduler (services/scheduler). */
export const SchedulerSectionSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: "run the scheduler; default true when the section is present" })),
    policy: Type.Optional(
      Type.Union(
        PlacementPolicies.map((p) => Type.Literal(p)),
        { description: "placement policy; default energy-aware" },
      ),
    ),
    islGbps: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "inter-satellite link bandwidth per satellite inside a cluster, Gbit/s; default 100" }),
    ),
    energyAware: Type.Optional(
      Type.Object(
        {
          minSunAheadS: Type.Optional(
            Type.Number({ minimum: 0, maximum: 86_400, description: "sunlight ahead that puts a satellite in the first tier, s; default 1200" }),
          ),
          leadS: Type.Optional(
            Type.Number({ minimum: 0, maximum: 86_400, description: "checkpoint and move this long before a satellite's shadow, s; default 120" }),
          ),
          minSoc: Type.Optional(
            Type.Number({ minimum: 0, maximum: 1, description: "battery state of charge below which a satellite takes no new work; default 0.5" }),
          ),
          minMarginK: Type.Optional(
            Type.Number({ minimum: 0, maximum: 200, description: "junction margin below which a satellite takes no new work, K; default 3" }),
          ),
        },
        { additionalProperties: false, description: "thresholds of the energy-aware policy" },
      ),
    ),
    arrivals: Type.Optional(Type.Array(JobArrivalSchema, { maxItems: 100, description: "seeded arrival processes" })),
  },
  { additionalProperties: false },
);
export type SchedulerSection = Static<typeof SchedulerSectionSchema>;

export const ScenarioSchema = Type.Object(
  {
    name: KebabName,
    description: Type.Optional(Type.String()),
    epoch: Type.String({ description: "ISO 8601 UTC start time, e.g. 2026-05-13T00:00:00Z" }),
    dt: Duration,
    duration: Type.Optional(Duration),
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1 }),
    clusterSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000, description: "largest cluster, satellites; default 1000" })),
    speed: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Literal("max")])),
    bus: Type.Optional(BusChoiceSchema),
    thermal: Type.Optional(ThermalPolicySchema),
    debris: Type.Optional(DebrisWatchSchema),
    faults: Type.Optional(Type.Array(ScenarioFaultSchema, { maxItems: 10_000, description: "simulated faults at times after the epoch" })),
    checkpoint: Type.Optional(
      Type.Object(
        {
          everyTicks: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 1_000_000, description: "a coordinated checkpoint every this many ticks; default 100" }),
          ),
          keep: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "complete checkpoints kept; default 3" })),
        },
        { additionalProperties: false },
      ),
    ),
    history: Type.Optional(HistorySchema),
    storage: Type.Optional(StorageSchema),
    scheduler: Type.Optional(SchedulerSectionSchema),
    limits: Type.Optional(RunLimitsSchema),
    constellations: Type.Array(ConstellationSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type ScenarioFile = Static<typeof ScenarioSchema>;

/** A validated scenario with times resolved to numbers. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly epochMs: number;
  readonly dtMs: number;
  /** null = open-ended */
  readonly durationMs: number | null;
  readonly seed: number;
  readonly clusterSize: number;
  /** x wall clock; null = as fast as possible */
  readonly speed: number | null;
  readonly constellations: readonly ConstellationSpec[];
  /** bus of every constellation that names none; undefined = orbit-only satellites */
  readonly bus: BusChoice | undefined;
  readonly thermal: ThermalPolicy | undefined;
  readonly debris: DebrisWatchConfig | undefined;
  readonly checkpoint: { everyTicks?: number; keep?: number } | undefined;
  readonly faults: readonly ScenarioFault[];
  readonly history: HistoryConfig;
  readonly storage: StorageConfig;
  readonly scheduler: SchedulerSection | undefined;
  /** admission limits, defaults filled in (run-limits.ts) */
  readonly limits: RunLimits;
}

const checker = TypeCompiler.Compile(ScenarioSchema);
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, y: 365.25 * 86_400_000 };
const DEFAULT_CLUSTER_SIZE = 1000;

/** Longest duration a scenario may give: 1,000 years, far past any run; beyond is a typo (or Infinity). */
export const MAX_DURATION_MS = 1000 * UNIT_MS.y!;
/** Satellites a scenario may declare in all: twice the million scenario. */
export const MAX_SCENARIO_SATELLITES = 2_000_000;

export function parseDurationMs(value: number | string, field: string): number {
  let ms: number;
  if (typeof value === "number") ms = value * 1000;
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|y)\s*$/.exec(value);
    if (!match) throw new InvalidScenarioError("value", [`${field}: "${value}" is not a duration such as 90s, 15m, 6h, 2d`]);
    ms = Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 1000);
  }
  if (!Number.isFinite(ms) || ms > MAX_DURATION_MS)
    throw new InvalidScenarioError("value", [`${field}: ${String(value).slice(0, 40)} is longer than the limit of 1000 years`]);
  return ms;
}

/** Parses and validates scenario text (YAML or JSON); throws InvalidScenarioError listing every problem. */
export function parseScenario(text: string, source = "<text>"): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100, schema: "core" });
  } catch (err) {
    throw new InvalidScenarioError(source, [`not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`], err);
  }
  return validateScenario(raw, source);
}

export function validateScenario(raw: unknown, source = "<object>"): Scenario {
  const shapeProblem = plainDataProblem(raw);
  if (shapeProblem) throw new InvalidScenarioError(source, [shapeProblem]);
  if (!checker.Check(raw)) throw new InvalidScenarioError(source, schemaProblems(raw));
  const problems: string[] = [];
  const epochMs = Date.parse(raw.epoch);
  if (!Number.isFinite(epochMs) || !/(Z|[+-]\d\d:?\d\d)$/.test(raw.epoch.trim())) {
    problems.push(`/epoch: "${raw.epoch}" is not an ISO 8601 time with a zone, e.g. 2026-05-13T00:00:00Z`);
  }
  const dtMs = parseDurationMs(raw.dt, "/dt");
  if (dtMs < 1 || dtMs > 86_400_000) problems.push(`/dt: ${dtMs} ms is outside 1 ms .. 1 d`);
  const durationMs = raw.duration === undefined ? null : parseDurationMs(raw.duration, "/duration");
  if (durationMs !== null && durationMs < dtMs) problems.push(`/duration: shorter than one tick (dt)`);
  const declared = raw.constellations.reduce((n, c) => n + (declaredSatellites(c) ?? 0), 0);
  if (declared > MAX_SCENARIO_SATELLITES)
    problems.push(`/constellations: ${declared} satellites declared, over the limit of ${MAX_SCENARIO_SATELLITES} per scenario`);
  const names = new Set<string>();
  raw.constellations.forEach((c, i) => {
    if (names.has(c.name)) problems.push(`/constellations/${i}/name: "${c.name}" is used twice; names must be unique`);
    names.add(c.name);
    problems.push(...constellationProblems(c, `/constellations/${i}`));
  });
  problems.push(...neighbourProblems(raw.debris?.neighbours ?? []));
  const storage = resolveStorage(raw.storage, parseDurationMs);
  const speed = raw.speed === undefined || raw.speed === "max" ? null : raw.speed;
  // A paced run's state must outlive it: its cluster definitions are written once, at the start.
  if (durationMs !== null && speed !== null && durationMs / speed > storage.stateMaxAgeMs) {
    problems.push(
      `/storage/stateMaxAge: ${storage.stateMaxAgeMs / 86_400_000} d is shorter than the run (${(durationMs / speed / 86_400_000).toFixed(1)} d of wall time at speed ${speed}): raise it`,
    );
  }
  if (problems.length > 0) throw new InvalidScenarioError(source, problems);
  return Object.freeze({
    name: raw.name,
    description: raw.description ?? "",
    epochMs,
    dtMs,
    durationMs,
    seed: raw.seed,
    clusterSize: raw.clusterSize ?? DEFAULT_CLUSTER_SIZE,
    speed,
    constellations: Object.freeze(raw.constellations.map((c) => Object.freeze({ ...c }))),
    bus: raw.bus,
    thermal: raw.thermal,
    debris: raw.debris,
    checkpoint: raw.checkpoint,
    faults: raw.faults ?? [],
    history: resolveHistory(raw.history),
    storage,
    scheduler: raw.scheduler,
    limits: resolveRunLimits(raw.limits),
  });
}

/**
 * The scenario file that gives `scenario` back (durations in seconds): what a run records so it
 * can be reproduced. Element files stay paths, relative to wherever the scenario was.
 */
export function scenarioToFile(scenario: Scenario): ScenarioFile {
  const h = scenario.history;
  const file: ScenarioFile = {
    name: scenario.name,
    ...(scenario.description ? { description: scenario.description } : {}),
    epoch: new Date(scenario.epochMs).toISOString(),
    dt: scenario.dtMs / 1000,
    ...(scenario.durationMs === null ? {} : { duration: scenario.durationMs / 1000 }),
    seed: scenario.seed,
    clusterSize: scenario.clusterSize,
    speed: scenario.speed ?? "max",
    ...(scenario.bus ? { bus: scenario.bus } : {}),
    ...(scenario.thermal ? { thermal: scenario.thermal } : {}),
    history: {
      maxAge: h.maxAgeMs / 1000,
      sampleEveryTicks: h.sampleEveryTicks,
      fleetMaxBytes: h.fleetMaxBytes,
      eventsMaxBytes: h.eventsMaxBytes,
      samplesMaxBytes: h.samplesMaxBytes,
    },
    storage: storageToFile(scenario.storage),
    limits: { ...scenario.limits },
    constellations: scenario.constellations.map((c) => ({ ...c })),
  };
  // Plain data only (no undefined members), so it encodes alike in MessagePack and JSON.
  return JSON.parse(JSON.stringify(file)) as ScenarioFile;
}

function storageToFile(s: StorageConfig): NonNullable<ScenarioFile["storage"]> {
  return {
    stateMaxAge: s.stateMaxAgeMs / 1000,
    operationsMaxBytes: s.operationsMaxBytes,
    operationResultsMaxBytes: s.operationResultsMaxBytes,
    registryMaxBytes: s.registryMaxBytes,
    ...(s.clustersMaxBytes === undefined ? {} : { clustersMaxBytes: s.clustersMaxBytes }),
    ...(s.checkpointsMaxBytes === undefined ? {} : { checkpointsMaxBytes: s.checkpointsMaxBytes }),
  };
}

const MAX_PROBLEMS = 12;

/**
 * A union's own error ("Expected union value") does not say which field is wrong, so each
 * constellation is checked against the schema its `kind` selects.
 */
function schemaProblems(raw: unknown): string[] {
  const problems: string[] = [];
  const add = (path: string, message: string) => problems.length < MAX_PROBLEMS && problems.push(`${path || "/"}: ${message}`);
  for (const e of checker.Errors(raw)) {
    if (!e.path.startsWith("/constellations/")) add(e.path, e.message);
  }
  const list = (raw as { constellations?: unknown } | null)?.constellations;
  if (Array.isArray(list)) {
    list.forEach((c: unknown, i) => {
      const kind = (c as { kind?: unknown } | null)?.kind;
      const itemChecker = typeof kind === "string" ? constellationCheckers[kind as keyof typeof constellationCheckers] : undefined;
      if (!itemChecker) {
        add(`/constellations/${i}/kind`, `${JSON.stringify(kind)} is not one of walker, shell, formation, tle, omm`);
        return;
      }
      for (const e of itemChecker.Errors(c)) add(`/constellations/${i}${e.path}`, e.message);
    });
  }
  return [...new Set(problems)];
}
