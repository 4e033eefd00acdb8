/** The coordinator's options, their defaults, and what they resolve to. */
import { ErrorCodes, OrbitwinError, ParticipantKinds, isParticipantKind, type ClusterDefinition, type HistoryConfig, type Scenario } from "@orbitwin/protocol";
import { systemWallClock, type Bus, type Logger, type WallClock } from "@orbitwin/runtime";
import { fleetIndexOf, type FleetIndex } from "./fleet-index.js";
import type { RunBookOptions } from "./run-book.js";
import { WorkBudget, type WorkBudgetOptions } from "./work-budget.js";

export interface CoordinatorOptions {
  bus: Bus;
  run: string;
  scenario: Scenario;
  /**
   * The run's cluster definitions, read once to index them (unless `fleet` is given) and once more
   * at start to publish them: each pass must yield the same definitions (an array, or the
   * scenario expanded again, so a million satellites' elements are never all held at once).
   */
  clusters: Iterable<ClusterDefinition>;
  /** What `clusters` index to, when worked out already (main does it in slices). @default indexed from `clusters` */
  fleet?: FleetIndex;
  log: Logger;
  /** @default the system clock */
  wallClock?: WallClock;
  /** x wall clock, or null for lockstep as fast as possible. @default the scenario's speed */
  speed?: number | null;
  /** Simulated time to run; null = open-ended. @default the scenario's duration */
  durationMs?: number | null;
  /** Start paused (ticks wait for `resume` or `step`). @default false */
  startPaused?: boolean;
  /** Fleet hosts to wait for before the first tick (and until one completes). @default 1 */
  minHosts?: number;
  /**
   * Clock participants (thermal, scheduler, debris-watch) to wait for before the first tick, so
   * every run starts alike; when given, the run takes no others. @default none (any may join)
   */
  requiredParticipants?: readonly string[];
  /** A host silent this long (past the work it was given) is lost. @default 3000 ms */
  hostTimeoutMs?: number;
  /**
   * A service (thermal, scheduler, debris-watch) silent this long is lost. Longer than a host's: a
   * service may spend seconds on one decision (debris-watch screening fresh fragments), and one
   * restarted under its id is noticed at its first heartbeat anyway. @default 10000 ms
   */
  participantTimeoutMs?: number;
  /** Deadlines of assignments, restores and ticks, by the satellites of the host. @default WorkBudget's */
  work?: WorkBudgetOptions;
  /** Hosts that join a run already assigned are taken up together, this long after the first of them. @default 1000 ms */
  joinSettleMs?: number;
  /** Take a coordinated checkpoint every this many ticks. @default the scenario's, else 100 */
  checkpointEveryTicks?: number;
  /**
   * Continue the run from its newest complete checkpoint (a standby taking over, or a twin
   * restarted with the same run id) instead of starting it afresh. @default false
   */
  resume?: boolean;
  /** Retention of the history streams and the telemetry sampling. @default the scenario's */
  history?: HistoryConfig;
}

export interface CoordinatorConfig {
  fleet: FleetIndex;
  wallClock: WallClock;
  history: HistoryConfig;
  checkpointEveryTicks: number;
  /** complete checkpoints kept */
  checkpointKeep: number;
  resume: boolean;
  budget: WorkBudget;
  book: Omit<RunBookOptions, "hooks" | "nowMs">;
}

export function resolveCoordinatorOptions(options: CoordinatorOptions): Readonly<CoordinatorConfig> {
  const { scenario } = options;
  const durationMs = options.durationMs === undefined ? scenario.durationMs : options.durationMs;
  const budget = new WorkBudget(options.work);
  const fleet = options.fleet ?? fleetIndexOf(options.clusters);
  const required = options.requiredParticipants ?? [];
  const stranger = required.find((id) => !isParticipantKind(id));
  if (stranger !== undefined)
    throw new OrbitwinError(ErrorCodes.invalidConfig, `required participant ${stranger}: the clock participants are ${ParticipantKinds.join(", ")}`);
  return Object.freeze({
    fleet,
    wallClock: options.wallClock ?? systemWallClock,
    history: options.history ?? scenario.history,
    checkpointEveryTicks: options.checkpointEveryTicks ?? scenario.checkpoint?.everyTicks ?? 100,
    checkpointKeep: scenario.checkpoint?.keep ?? 3,
    resume: options.resume ?? false,
    budget,
    book: {
      run: options.run,
      loads: fleet.loads,
      clock: {
        dtMs: scenario.dtMs,
        speed: options.speed === undefined ? scenario.speed : options.speed,
        endTick: durationMs === null ? null : Math.max(0, Math.floor(durationMs / scenario.dtMs)),
        paused: options.startPaused ?? false,
      },
      minHosts: options.minHosts ?? 1,
      requiredParticipants: required,
      acceptedParticipants: required.length > 0 ? required.filter(isParticipantKind) : ParticipantKinds,
      hostTimeoutMs: options.hostTimeoutMs ?? 3000,
      participantTimeoutMs: options.participantTimeoutMs ?? 10_000,
      joinSettleMs: options.joinSettleMs ?? 1000,
      budget,
    },
  });
}
