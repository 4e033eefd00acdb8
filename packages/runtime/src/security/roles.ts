/**
 * Who may do what on NATS: the least permissions of every orbitwin user, derived from the
 * protocol's subject, stream and bucket builders for one run. The server config of secure mode
 * and deploy/nats/auth.conf are rendered from here (auth-conf.ts), and the role matrix test
 * (test/cross-service/roles.int.test.ts) checks every command against docs/OPERATIONS.md, "Roles".
 *
 * Stream and bucket names carry the run id inside one subject token (`ot-<run>-fleet`), and NATS
 * wildcards match whole tokens only, so permissions are per run: a role for "any run" would
 * have to read every stream, checkpoints included.
 */
import { Families, buckets, eventKindsOf, streams, subjects, type EventPublisher } from "@orbitwin/protocol";

export const ServiceRoles = ["coordinator", "fleet", "thermal", "scheduler", "debris-watch", "gateway"] as const;
export const PersonRoles = ["operator", "viewer"] as const;
export const Roles = [...ServiceRoles, ...PersonRoles] as const;
export type Role = (typeof Roles)[number];
/** The clock participants that are services, each with its own user. */
export type ServiceParticipant = "thermal" | "scheduler" | "debris-watch";

export interface Permissions {
  /** Subjects the user may publish on (NATS wildcards). */
  readonly publish: readonly string[];
  /** Subjects the user may subscribe to (NATS wildcards). */
  readonly subscribe: readonly string[];
  /** May answer the requests it receives (nats-server `allow_responses`): services only. */
  readonly allowResponses: boolean;
}

export interface RoleUser {
  /** The NATS user name (also the root of its inbox prefix). */
  readonly user: string;
  readonly role: Role;
  readonly permissions: Permissions;
}

/**
 * The inbox prefix of a user: the replies to its requests arrive under it, and only this user may
 * subscribe there (nats.js `inboxPrefix`), so no client reads another's replies.
 */
export function inboxPrefix(user: string): string {
  return `_INBOX_${user}`;
}

/** A token no builder produces, replaced by `*` after building: patterns come from the builders themselves. */
const ANY = "any-token-probe";
function wild(built: string): string {
  return built
    .split(".")
    .map((token) => (token === ANY ? "*" : token))
    .join(".");
}

/** JetStream API subjects (nats-server 2.9), per stream. */
const api = {
  accountInfo: "$JS.API.INFO",
  info: (stream: string) => `$JS.API.STREAM.INFO.${stream}`,
  manage: (stream: string) => ["CREATE", "UPDATE", "DELETE", "PURGE", "INFO"].map((verb) => `$JS.API.STREAM.${verb}.${stream}`),
  get: (stream: string) => `$JS.API.STREAM.MSG.GET.${stream}`,
  /** Direct gets by last subject: `$JS.API.DIRECT.GET.<stream>.<subject>` (KV gets on buckets that allow them). */
  directGet: (stream: string, subject = ">") => [`$JS.API.DIRECT.GET.${stream}`, `$JS.API.DIRECT.GET.${stream}.${subject}`],
  /** Pull consumers of a stream: create (the subject forms of 2.9), fetch, ack, delete. */
  consumers: (stream: string) => [
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.API.CONSUMER.DELETE.${stream}.*`,
    `$JS.ACK.${stream}.>`,
  ],
};
const kvStream = (bucket: string) => `KV_${bucket}`;
const kvKeys = (bucket: string, key = ">") => `$KV.${bucket}.${key}`;
/** Discovery of NATS micro services (`$SRV.PING`, `$SRV.INFO.<name>`, ...): services answer it. */
const SERVICE_DISCOVERY = "$SRV.>";

/** The event subjects `publisher` may raise on: its own kinds only (EventOwners), so no service speaks for another. */
function ownEvents(run: string, publisher: EventPublisher): string[] {
  return eventKindsOf(publisher).map((kind) => subjects.event(run, kind));
}

/** Reads of the run's history streams, for `history`, `export`, `report` and `watch --since`: info and message gets, never consumers. */
function historyReads(run: string): string[] {
  return [
    ...[streams.fleet(run), streams.events(run), streams.samples(run), streams.jobs(run)].flatMap((s) => [api.info(s), api.get(s)]),
    // Telemetry names its satellites by their cluster definition's order: readers take the ids from there.
    ...bucketReads(buckets.clusters(run)),
  ];
}

/** Reads of a KV bucket (cluster definitions, checkpoints) by the participants that restore from it. */
function bucketReads(bucket: string): string[] {
  return [api.info(kvStream(bucket)), api.get(kvStream(bucket)), ...api.directGet(kvStream(bucket))];
}

/** What every viewer-like user may watch live: telemetry, aggregates, events. */
function liveViews(run: string): string[] {
  return [
    subjects.family(run, Families.tlm),
    wild(subjects.clusterSample(run, ANY)),
    subjects.fleet(run),
    subjects.schedulerMetrics(run),
    subjects.family(run, Families.evt),
  ];
}

/** Read-only queries any viewer may send (status, lists, details). */
function queries(run: string): string[] {
  return [
    subjects.control(run, "status"),
    subjects.watchSatellites(run),
    subjects.serviceEndpoint(run, "thermal", "status"),
    subjects.serviceEndpoint(run, "thermal", "margins"),
    subjects.serviceEndpoint(run, "scheduler", "status"),
    subjects.serviceEndpoint(run, "scheduler", "list"),
    subjects.serviceEndpoint(run, "scheduler", "show"),
    subjects.serviceEndpoint(run, "debris-watch", "status"),
    subjects.serviceEndpoint(run, "debris-watch", "list"),
    subjects.serviceEndpoint(run, "debris-watch", "show"),
    subjects.serviceEndpoint(run, "faults", "list"),
  ];
}

function coordinator(run: string): Omit<Permissions, "allowResponses"> {
  const owned = [streams.events(run), streams.fleet(run), streams.samples(run), streams.jobs(run), streams.operations(run)];
  const bucketNames = [buckets.clusters(run), buckets.registry(run), buckets.checkpoints(run), buckets.operationResults(run)];
  const all = [...owned, ...bucketNames.map(kvStream)];
  return {
    publish: [
      subjects.clockTick(run),
      subjects.clockRestore(run),
      subjects.fleet(run),
      ...ownEvents(run, "coordinator"),
      wild(subjects.hostAssign(run, ANY)),
      // Its own request-reply endpoints append to the operation log, as the CLI does.
      wild(subjects.operation(run, ANY)),
      ...bucketNames.map((b) => kvKeys(b)),
      ...all.flatMap((s) => [...api.manage(s), api.get(s), ...api.directGet(s)]),
      // It follows the operation log; a long read of it goes through a pull consumer.
      ...api.consumers(streams.operations(run)),
    ],
    subscribe: [
      subjects.allHostHeartbeats(run),
      subjects.allClockDones(run),
      subjects.allClockParticipants(run),
      subjects.allClockRestored(run),
      subjects.family(run, Families.ctl),
      subjects.family(run, Families.inject),
      subjects.family(run, Families.op),
      wild(subjects.serviceEndpoint(run, "faults", ANY)),
      SERVICE_DISCOVERY,
    ],
  };
}

/** A fleet host's user: `hosts` are the ids it may speak for (a process with threads is one per thread), or undefined for any host. */
function fleet(run: string, hosts: readonly string[] | undefined): Omit<Permissions, "allowResponses"> {
  const ids = hosts ?? [ANY];
  return {
    publish: [
      ...ids.flatMap((h) => [subjects.hostHeartbeat(run, h), subjects.clockDone(run, h), subjects.clockRestored(run, h)].map(wild)),
      subjects.family(run, Families.tlm),
      wild(subjects.clusterSample(run, ANY)),
      ...ownEvents(run, "fleet"),
      kvKeys(buckets.checkpoints(run), "*.cluster.*.*"),
      ...bucketReads(buckets.clusters(run)),
      ...bucketReads(buckets.checkpoints(run)),
    ],
    subscribe: [
      subjects.clockTick(run),
      subjects.clockRestore(run),
      ...ids.map((h) => wild(subjects.hostAssign(run, h))),
      wild(subjects.command(run, ANY)),
      subjects.watchSatellites(run),
      // A tick's completion: the history's copy of its batches and the work ahead wait for it.
      subjects.fleet(run),
    ],
  };
}

function participant(run: string, id: ServiceParticipant): Omit<Permissions, "allowResponses"> {
  return {
    publish: [
      subjects.clockParticipant(run, id),
      subjects.clockDone(run, id),
      subjects.clockRestored(run, id),
      // Thermal throttles, the scheduler places jobs, debris-watch commands burns: each commands clusters.
      wild(subjects.command(run, ANY)),
      ...ownEvents(run, id),
      // The scheduler stores each accepted job submission in a stream of its own before it answers.
      ...(id === "scheduler"
        ? [
            subjects.schedulerMetrics(run),
            subjects.jobSubmissions(run),
            ...api.manage(streams.jobSubmissions(run)),
            api.get(streams.jobSubmissions(run)),
            ...api.directGet(streams.jobSubmissions(run)),
            ...api.consumers(streams.jobSubmissions(run)),
          ]
        : []),
      kvKeys(buckets.checkpoints(run), `*.svc.${id}.*`),
      ...bucketReads(buckets.clusters(run)),
      ...bucketReads(buckets.checkpoints(run)),
    ],
    subscribe: [
      subjects.clockTick(run),
      subjects.clockRestore(run),
      ...(id === "debris-watch" ? [] : [wild(subjects.clusterTelemetry(run, ANY))]),
      wild(subjects.serviceEndpoint(run, id, ANY)),
      SERVICE_DISCOVERY,
    ],
  };
}

/** The dashboard's gateway: the live views it relays with their recent history, and the run control and injections the page sends. */
function gateway(run: string): Omit<Permissions, "allowResponses"> {
  return {
    publish: [subjects.family(run, Families.ctl), wild(subjects.inject(run, ANY)), ...historyReads(run)],
    subscribe: liveViews(run),
  };
}

function viewer(run: string): Omit<Permissions, "allowResponses"> {
  return { publish: [...queries(run), ...historyReads(run)], subscribe: liveViews(run) };
}

/**
 * An operator: what a viewer may, plus run control, injections, fault clearing and job
 * submissions, all through the audited paths: the operation log (`op.*`, a JetStream publish whose
 * outcome it reads back by command id) and the coordinator's endpoints, which append to that log.
 * Never `cmd.*` (satellite commands go past the log) and never a consumer (a push consumer
 * delivers to any subject its creator names). `ctl fork` reads a checkpoint whole and the run's
 * recorded scenario (the registry), and writes the fork into a NATS of its own: roles are per run.
 */
function operator(run: string): Omit<Permissions, "allowResponses"> {
  const seen = viewer(run);
  const results = kvStream(buckets.operationResults(run));
  return {
    publish: [
      ...seen.publish,
      subjects.family(run, Families.ctl),
      wild(subjects.inject(run, ANY)),
      subjects.serviceEndpoint(run, "faults", "clear"),
      subjects.serviceEndpoint(run, "scheduler", "submit"),
      wild(subjects.operation(run, ANY)),
      api.info(streams.operations(run)),
      api.info(results),
      api.get(results),
      ...api.directGet(results),
      ...bucketReads(buckets.checkpoints(run)),
      ...bucketReads(buckets.registry(run)),
    ],
    subscribe: seen.subscribe,
  };
}

export interface RoleUsersOptions {
  run: string;
  /**
   * Fleet users: one per entry, each pinned to the host ids it lists (its heartbeats, dones and
   * assignments), named `fleet-<first id>`. @default one user `fleet` that may speak for any host
   */
  fleetHosts?: readonly (readonly string[])[];
}

/** The least permissions of `user` in its role in `run`, its own inbox included; a fleet user may be pinned to its host ids. */
export function rolePermissions(role: Role, run: string, user: string, hosts?: readonly string[]): Permissions {
  const base = (() => {
    switch (role) {
      case "coordinator":
        return coordinator(run);
      case "fleet":
        return fleet(run, hosts);
      case "thermal":
      case "scheduler":
      case "debris-watch":
        return participant(run, role);
      case "gateway":
        return gateway(run);
      case "operator":
        return operator(run);
      case "viewer":
        return viewer(run);
    }
  })();
  return Object.freeze({
    publish: Object.freeze([api.accountInfo, ...new Set(base.publish)]),
    subscribe: Object.freeze([...new Set(base.subscribe), `${inboxPrefix(user)}.>`]),
    allowResponses: (ServiceRoles as readonly string[]).includes(role) && role !== "gateway",
  });
}

/** Every user of a run: one per role, and one per fleet host when `fleetHosts` pins them. */
export function roleUsers(options: RoleUsersOptions): RoleUser[] {
  const users: RoleUser[] = [];
  for (const role of Roles) {
    if (role === "fleet" && options.fleetHosts) {
      for (const ids of options.fleetHosts) {
        const user = `fleet-${ids[0]!}`;
        users.push({ user, role, permissions: rolePermissions(role, options.run, user, ids) });
      }
    } else {
      users.push({ user: role, role, permissions: rolePermissions(role, options.run, role) });
    }
  }
  return users;
}
