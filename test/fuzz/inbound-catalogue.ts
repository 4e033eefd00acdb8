/**
 * Every subject a service of a run takes messages on, with the message it carries: derived from
 * packages/protocol's descriptors and routes (allMessages, each one's subject builders), so a
 * message added there is fuzzed without an edit here. What the descriptors do not say is listed
 * below: the endpoints that take an empty body (`empty-request` travels on no subject of its
 * own), and how to fill in a builder's tokens. inbound-catalogue.test.ts starts every service
 * and fails when one of them subscribes to a subject this catalogue does not cover.
 */
import {
  EventKinds,
  FaultKinds,
  OperationVerbs,
  allMessages,
  emptyRequest,
  jobSubmit,
  subjectShape,
  subjects,
  type MessageDescriptor,
  type SubjectBuilder,
} from "@orbitwin/protocol";

/** The concrete tokens of one run: its id, its fleet hosts, clusters and satellites. */
export interface RunTokens {
  run: string;
  hosts: readonly string[];
  clusters: readonly string[];
  /** a few (cluster, satellite) pairs */
  sats: readonly (readonly [string, string])[];
}

/**
 * `query`: answering it changes nothing in the run, so any body may be sent, valid ones too.
 * `command`: a valid body changes the run (or forges a participant): the fuzz sends only bodies
 * its descriptor refuses, replays of messages of ticks already past, and the forgeries the twin
 * refuses (payloads.ts, `forged`: participant heartbeats of ids the run does not take or of a
 * process heard once, events from a source that does not own their kind). Other valid commands
 * are not sent but counted (a host heartbeat from a host that does not exist: on an open server
 * only the roles stop it).
 */
export type Effect = "query" | "command";

export interface InboundTarget {
  subject: string;
  /** the subject's shape, its builder's arguments as `*` (`ot.<run>.evt.*`): targets of one route share a builder */
  route: string;
  descriptor: MessageDescriptor<unknown>;
  /** request-reply (every one must be answered) rather than pub-sub */
  request: boolean;
  effect: Effect;
}

/** How to fill in the tokens of a builder that takes more than the run id, per builder. */
/** The clock participants besides the fleet hosts. */
const PARTICIPANTS = ["thermal", "scheduler", "debris-watch"];

const builderTokens = new Map<SubjectBuilder, (t: RunTokens) => string[][]>([
  [subjects.hostAssign, (t) => t.hosts.map((h) => [h])],
  // Senders name themselves in the subject (their NATS role pins it): every host and service of the run.
  [subjects.hostHeartbeat, (t) => t.hosts.map((h) => [h])],
  [subjects.clockDone, (t) => [...t.hosts, ...PARTICIPANTS].map((p) => [p])],
  [subjects.clockRestored, (t) => [...t.hosts, ...PARTICIPANTS].map((p) => [p])],
  // And an id no run takes: its heartbeats must be refused.
  [subjects.clockParticipant, () => [...PARTICIPANTS, "intruder"].map((p) => [p])],
  [subjects.clusterTelemetry, (t) => t.clusters.map((c) => [c])],
  [subjects.clusterSample, (t) => t.clusters.map((c) => [c])],
  [subjects.satelliteTelemetry, (t) => t.sats.map(([c, s]) => [c, s])],
  [subjects.event, () => Object.values(EventKinds).map((k) => [k])],
  [subjects.command, (t) => t.clusters.map((c) => [c])],
  // An unknown fault kind too: `inject.*` takes every token and must refuse it.
  [subjects.inject, () => [...FaultKinds, "no-such-fault"].map((f) => [f])],
  [subjects.operation, () => [...OperationVerbs, "no-such-verb"].map((v) => [v])],
] as [SubjectBuilder, (t: RunTokens) => string[][]][]);

/** Endpoints that take `{}` (empty-request), which no descriptor names a subject for. */
function emptyBodyEndpoints(run: string): { subject: string; effect: Effect }[] {
  return [
    ...(["status", "pause", "resume", "stop", "snapshot"] as const).map((verb) => ({
      subject: subjects.control(run, verb),
      effect: verb === "status" ? ("query" as const) : ("command" as const),
    })),
    ...["thermal", "scheduler", "debris-watch"].map((service) => ({ subject: subjects.serviceEndpoint(run, service, "status"), effect: "query" as const })),
    { subject: subjects.serviceEndpoint(run, "faults", "list"), effect: "query" },
  ];
}

/** Families answered request-reply (docs/PROTOCOL.md); host.assign.<host> too. */
const REQUEST_FAMILIES = new Set(["ctl", "svc", "inject", "cmd"]);
const QUERY_ENDPOINTS = new Set(["status", "list", "show", "margins"]);

function isRequest(tokens: readonly string[]): boolean {
  return REQUEST_FAMILIES.has(tokens[2]!) || (tokens[2] === "host" && tokens[3] === "assign");
}

/** Queries: `svc.<service>.<status|list|show|margins>` and viewers' `watch.sat` (a lease on telemetry only). */
function effectOf(tokens: readonly string[]): Effect {
  if (tokens[2] === "svc" && QUERY_ENDPOINTS.has(tokens[4]!)) return "query";
  return tokens[2] === "watch" ? "query" : "command";
}

export function inboundTargets(tokens: RunTokens): InboundTarget[] {
  const targets: InboundTarget[] = [];
  for (const descriptor of allMessages) {
    for (const builder of [...(descriptor.subject ? [descriptor.subject] : []), ...descriptor.alsoOn]) {
      const fill = builderTokens.get(builder);
      if (builder.length > 1 && !fill)
        throw new Error(
          `the fuzz cannot fill in ${subjectShape(builder).join(".")} (${descriptor.name}): add its builder to builderTokens in inbound-catalogue.ts`,
        );
      const build = builder as (run: string, ...rest: string[]) => string;
      const route = subjectShape(builder)
        .map((t, i) => (i === 1 ? tokens.run : (t ?? "*")))
        .join(".");
      for (const args of fill ? fill(tokens) : [[]]) {
        const subject = build(tokens.run, ...args);
        const parts = subject.split(".");
        targets.push({ subject, route, descriptor, request: isRequest(parts), effect: effectOf(parts) });
      }
    }
  }
  for (const { subject, effect } of emptyBodyEndpoints(tokens.run)) targets.push({ subject, route: subject, descriptor: emptyRequest, request: true, effect });
  // Accepted submissions the scheduler stores and reads back after a restore: a forged record there must be skipped.
  const submissions = subjects.jobSubmissions(tokens.run);
  targets.push({ subject: submissions, route: submissions, descriptor: jobSubmit, request: false, effect: "command" });
  return targets;
}
