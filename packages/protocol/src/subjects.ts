/**
 * Every NATS subject orbitwin uses is built here and nowhere else.
 * Tokens go general -> specific, family right after the run id, so a role's permission is one
 * wildcard (`ot.*.ctl.>`). See docs/PROTOCOL.md.
 */
import { InvalidTokenError } from "./errors.js";

export const SUBJECT_ROOT = "ot";

/** Lower-case kebab tokens: safe as NATS subject tokens, KV keys and file names. */
const TOKEN_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Tokens found valid lately. A run builds the same few subjects every tick (its run id, its
 * clusters, its hosts), and matching the pattern each time was ~3% of a small run's CPU.
 */
const validTokens = new Set<string>();
const MAX_VALID_TOKENS = 10_000;

/** Throws InvalidTokenError naming `what` when `token` is not a lower-case kebab token. */
export function assertToken(token: string, what: string): string {
  if (validTokens.has(token)) return token;
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) {
    throw new InvalidTokenError(what, token);
  }
  if (validTokens.size >= MAX_VALID_TOKENS) validTokens.clear();
  validTokens.add(token);
  return token;
}

export const Families = {
  clock: "clock",
  host: "host",
  tlm: "tlm",
  sample: "sample",
  fleet: "fleet",
  watch: "watch",
  evt: "evt",
  cmd: "cmd",
  ctl: "ctl",
  inject: "inject",
  op: "op",
  svc: "svc",
  study: "study",
  jobs: "jobs",
} as const;

export const ControlVerbs = ["status", "pause", "resume", "speed", "step", "stop", "snapshot", "restore"] as const;
export type ControlVerb = (typeof ControlVerbs)[number];

const prefix = (run: string, family: string) => `${SUBJECT_ROOT}.${assertToken(run, "run id")}.${family}`;

export const subjects = {
  /** Coordinator -> participants: start tick n. */
  clockTick: (run: string) => `${prefix(run, Families.clock)}.tick`,
  /**
   * Participant -> coordinator: done with tick n. The last token is the sender (a fleet host id or
   * a service participant id), so a NATS role can pin what a client may claim to be (docs/PROTOCOL.md).
   */
  clockDone: (run: string, participant: string) => `${prefix(run, Families.clock)}.done.${assertToken(participant, "participant id")}`,
  /** Every participant's dones (subscription pattern). */
  allClockDones: (run: string) => `${prefix(run, Families.clock)}.done.*`,
  /** Coordinator -> participants: go back to a checkpoint. */
  clockRestore: (run: string) => `${prefix(run, Families.clock)}.restore`,
  /** Participant -> coordinator: restored (or why not); the last token is the sender. */
  clockRestored: (run: string, participant: string) => `${prefix(run, Families.clock)}.restored.${assertToken(participant, "participant id")}`,
  /** Every participant's restore answers (subscription pattern). */
  allClockRestored: (run: string) => `${prefix(run, Families.clock)}.restored.*`,
  /** Non-host clock participants -> coordinator: liveness; the last token is the sender. */
  clockParticipant: (run: string, participant: string) => `${prefix(run, Families.clock)}.participant.${assertToken(participant, "participant id")}`,
  /** Every service participant's heartbeats (subscription pattern). */
  allClockParticipants: (run: string) => `${prefix(run, Families.clock)}.participant.*`,
  /** Fleet host -> coordinator: liveness and what it hosts; the last token is the sending host. */
  hostHeartbeat: (run: string, host: string) => `${prefix(run, Families.host)}.heartbeat.${assertToken(host, "host id")}`,
  /** Every host's heartbeats (subscription pattern). */
  allHostHeartbeats: (run: string) => `${prefix(run, Families.host)}.heartbeat.*`,
  /** Coordinator -> one fleet host (request-reply): the clusters it owns from now on. */
  hostAssign: (run: string, host: string) => `${prefix(run, Families.host)}.assign.${assertToken(host, "host id")}`,
  /** One batch per cluster per tick. */
  clusterTelemetry: (run: string, cluster: string) => `${prefix(run, Families.tlm)}.${assertToken(cluster, "cluster id")}`,
  /** All cluster batches of a run (subscription pattern). */
  allClusterTelemetry: (run: string) => `${prefix(run, Families.tlm)}.*`,
  /** One satellite's telemetry, published while someone holds a watch lease on it. */
  satelliteTelemetry: (run: string, cluster: string, sat: string) =>
    `${prefix(run, Families.tlm)}.${assertToken(cluster, "cluster id")}.${assertToken(sat, "satellite id")}`,
  /** One satellite's telemetry whatever its cluster (subscription pattern). */
  satelliteTelemetryAnyCluster: (run: string, sat: string) => `${prefix(run, Families.tlm)}.*.${assertToken(sat, "satellite id")}`,
  /** A cluster's batch again, every Nth tick only, for the bounded history stream. */
  clusterSample: (run: string, cluster: string) => `${prefix(run, Families.sample)}.${assertToken(cluster, "cluster id")}`,
  /** All sampled cluster batches of a run (subscription and stream pattern). */
  allClusterSamples: (run: string) => `${prefix(run, Families.sample)}.*`,
  /** Fleet-wide aggregate per tick. */
  fleet: (run: string) => prefix(run, Families.fleet),
  /** The job scheduler's metrics per tick (utilization, goodput, queue). */
  schedulerMetrics: (run: string) => `${prefix(run, Families.fleet)}.jobs`,
  /** Watchers ask for per-satellite telemetry here (pub-sub, leased). */
  watchSatellites: (run: string) => `${prefix(run, Families.watch)}.sat`,
  event: (run: string, kind: string) => `${prefix(run, Families.evt)}.${assertToken(kind, "event kind")}`,
  allEvents: (run: string) => `${prefix(run, Families.evt)}.>`,
  command: (run: string, target: string) => `${prefix(run, Families.cmd)}.${assertToken(target, "command target")}`,
  control: (run: string, verb: ControlVerb) => `${prefix(run, Families.ctl)}.${verb}`,
  inject: (run: string, fault: string) => `${prefix(run, Families.inject)}.${assertToken(fault, "fault kind")}`,
  /** Every fault injection of a run (subscription pattern). */
  allInjects: (run: string) => `${prefix(run, Families.inject)}.*`,
  /** Operators' durable commands (stored in the stream `ot-<run>-ops`), e.g. op.pause. */
  operation: (run: string, verb: string) => `${prefix(run, Families.op)}.${assertToken(verb, "operation")}`,
  /** Every operation of a run (stream and subscription pattern). */
  allOperations: (run: string) => `${prefix(run, Families.op)}.*`,
  /** Everything of one family of a run, e.g. `ot.<run>.tlm.>` (subscription and permission pattern). */
  family: (run: string, family: (typeof Families)[keyof typeof Families]) => `${prefix(run, family)}.>`,
  /** Job submissions the scheduler accepted, stored in the stream `ot-<run>-job-submissions` before it answers. */
  jobSubmissions: (run: string) => `${prefix(run, Families.jobs)}.submitted`,
  /** Everything of a run (subscription pattern, for tools and tests that watch a whole run). */
  allOfRun: (run: string) => `${SUBJECT_ROOT}.${assertToken(run, "run id")}.>`,
  /** A service's query endpoint, e.g. svc.thermal.margins (request-reply). */
  serviceEndpoint: (run: string, service: string, endpoint: string) =>
    `${prefix(run, Families.svc)}.${assertToken(service, "service")}.${assertToken(endpoint, "endpoint")}`,
  /** A study's variants to run, in the shared work queue (the study id stands where a run id does). */
  studyVariant: (study: string) => `${prefix(study, Families.study)}.variant`,
  /** Every study's variants (the work-queue stream's subject pattern). */
  allStudyVariants: () => `${SUBJECT_ROOT}.*.${Families.study}.variant`,
  /** A worker has taken one of the study's variants: what a progress bar counts as running. */
  studyVariantStarted: (study: string) => `${prefix(study, Families.study)}.started`,
} as const;

/** JetStream KV bucket names (bucket names may not contain dots). */
export const buckets = {
  /** Cluster definitions written by the coordinator, read by whichever host owns the cluster. */
  clusters: (run: string) => `ot-${assertToken(run, "run id")}-clusters`,
  /** Run registry: scenario summary, assignment, status. */
  registry: (run: string) => `ot-${assertToken(run, "run id")}-registry`,
  /** Coordinated checkpoints: every participant's state at a tick, and the coordinator's manifest. */
  checkpoints: (run: string) => `ot-${assertToken(run, "run id")}-checkpoints`,
  /** The outcome of every operator command, keyed by command id. */
  operationResults: (run: string) => `ot-${assertToken(run, "run id")}-op-results`,
  /** A study's results, one per variant, keyed by variant id: what `study --resume` goes on from. */
  studyResults: (study: string) => `ot-study-${assertToken(study, "study id")}-results`,
} as const;

/** Keys of the run registry bucket that other processes read. */
export const registryKeys = {
  /** JSON `{ "path": absolute path of the scenario file }`, written by the coordinator (a fork reads it). */
  scenario: "scenario",
  /** JSON `{ "holder": "<hostname>-<pid>" }`: the coordinator driving the run (renewed every second). */
  coordinatorLease: "coordinator-lease",
  /** The ISO time the run reached its end, written by the coordinator. */
  runFinished: "run-finished",
} as const;

/** JetStream stream names. */
export const streams = {
  /** Every event of the run (`evt.>`). */
  events: (run: string) => `ot-${assertToken(run, "run id")}-events`,
  /** The fleet aggregate of every tick (`fleet`). */
  fleet: (run: string) => `ot-${assertToken(run, "run id")}-fleet`,
  /** Cluster telemetry of every Nth tick (`sample.*`). */
  samples: (run: string) => `ot-${assertToken(run, "run id")}-samples`,
  /** The job scheduler's metrics of every tick (`fleet.jobs`), kept with the fleet stream's limits. */
  jobs: (run: string) => `ot-${assertToken(run, "run id")}-jobs`,
  /** Operators' commands, in the order the coordinator applies them (`op.*`). */
  operations: (run: string) => `ot-${assertToken(run, "run id")}-ops`,
  /** The work queue of every study's variants (`*.study.variant`), shared by all study workers. */
  studyVariants: () => "ot-study-variants",
  /** Accepted job submissions, so none is lost when the scheduler dies (`jobs.submitted`). */
  jobSubmissions: (run: string) => `ot-${assertToken(run, "run id")}-job-submissions`,
} as const;

/** The durable pull consumer every study worker shares, so each variant goes to one of them. */
export const STUDY_WORKERS_CONSUMER = "study-workers";
/** What a stream or bucket name made above belongs to. */
export interface RunStoreName {
  run: string;
  /** the builder that made it, e.g. "events" or "checkpoints" */
  store: string;
  kind: "stream" | "bucket";
}

const NAME_MARK = "run0mark0";
// Studies keep their own stores (a work queue shared by all, results per study): not a run's.
const isRunStore = ([store]: [string, unknown]) => !store.startsWith("study");
const storeShapes = [
  ...Object.entries(streams)
    .filter(isRunStore)
    .map(([store, build]) => ({ store, kind: "stream" as const, parts: build(NAME_MARK).split(NAME_MARK) })),
  ...Object.entries(buckets)
    .filter(isRunStore)
    .map(([store, build]) => ({ store, kind: "bucket" as const, parts: build(NAME_MARK).split(NAME_MARK) })),
];

/** The run of a stream or bucket name these builders made, or undefined for any other name. */
export function parseRunStoreName(name: string, kind: "stream" | "bucket"): RunStoreName | undefined {
  for (const shape of storeShapes) {
    const [head = "", tail = ""] = shape.parts;
    if (shape.kind !== kind || !name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) continue;
    const run = name.slice(head.length, name.length - tail.length);
    if (TOKEN_PATTERN.test(run)) return { run, store: shape.store, kind };
  }
  return undefined;
}
