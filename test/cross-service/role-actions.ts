/**
 * Every row of the roles table in docs/OPERATIONS.md as something a client does: CLI commands
 * through the CLI's own client functions, service actions as the publish or subscribe they are.
 * Each answers whether NATS let the role do it; any other failure (a timeout, no responder) fails
 * the test, so an allowed action is one that really reached its service.
 */
import type { NatsConnection } from "@nats-io/transport-node";
import { ErrorCodes, EventKinds, buckets, encodeMessage, streams, subjects } from "@orbitwin/protocol";
import { CheckpointStore, ClusterIdBook, LocalBus, isPermissionDenied, type NatsBus } from "@orbitwin/runtime";
import { control } from "../../packages/cli/src/client.js";
import { runOperation } from "../../packages/cli/src/operations.js";
import { forkSource } from "../../packages/cli/src/commands/fork.js";
import { mayPublish, maySubscribe } from "./role-probes.js";

export interface RoleContext {
  run: string;
  user: string;
  /** the role's connection as the CLI and services make it (NatsBus, own inbox prefix) */
  bus: NatsBus;
  /** the same user on a plain nats.js connection, for single publishes and subscriptions */
  nc: NatsConnection;
  /** a host of the run that is not the fleet user's own */
  otherHost: string;
  /** the fleet user's own host */
  ownHost: string;
}

/** Errors a service answers with: the request reached it, so NATS allowed it. */
const REFUSALS: readonly string[] = [ErrorCodes.invalidMessage, ErrorCodes.invalidState, ErrorCodes.unknownJob, ErrorCodes.unknownConjunction];

/** Whether `act` got past NATS: it succeeded or a service refused it; a permission error is false. */
async function reached(act: () => Promise<unknown>): Promise<boolean> {
  try {
    await act();
    return true;
  } catch (err) {
    if (isPermissionDenied(err)) return false;
    if (REFUSALS.includes((err as { code?: string }).code ?? "")) return true;
    throw err;
  }
}

/** An action of several steps is allowed when every step is (thermal reads telemetry, but `watch` needs events too). */
async function every(checks: Promise<boolean>[]): Promise<boolean> {
  return (await Promise.all(checks)).every(Boolean);
}

const ask = (c: RoleContext, service: string, endpoint: string, body: object) =>
  reached(async () => {
    const reply = await c.bus.request(subjects.serviceEndpoint(c.run, service, endpoint), encodeMessage(body), { timeoutMs: 10_000 });
    return reply.data;
  });
const client = (c: RoleContext) => ({ bus: c.bus, run: c.run, natsUrl: "", authenticated: true });
const SAT = "dc-p01-s01";
const CLUSTER = "dc-p01";

export const roleActions: Readonly<Record<string, (c: RoleContext) => Promise<boolean>>> = {
  "`orbitwin status` (`ctl.status`)": (c) => reached(() => control(client(c), "status")),
  "`orbitwin watch` (cluster telemetry, fleet, events, live)": (c) =>
    every([maySubscribe(c.nc, subjects.allClusterTelemetry(c.run)), maySubscribe(c.nc, subjects.fleet(c.run)), maySubscribe(c.nc, subjects.allEvents(c.run))]),
  "`orbitwin watch --sat` (a watch lease, one satellite's telemetry)": (c) =>
    every([mayPublish(c.nc, subjects.watchSatellites(c.run)), maySubscribe(c.nc, subjects.satelliteTelemetryAnyCluster(c.run, SAT))]),
  "`orbitwin history`, `export`, `report`, `watch --since` (history streams)": (c) =>
    reached(async () => {
      for (const name of [streams.events(c.run), streams.fleet(c.run)]) await (await c.bus.openStream(name)).read(1, 10);
    }),
  "read satellite ids (the cluster definitions: telemetry names its slots by their order)": (c) =>
    reached(async () => {
      if (!(await new ClusterIdBook(c.bus, c.run).idsOf(CLUSTER))) throw new Error(`no definition of ${CLUSTER} in run ${c.run}`);
    }),
  "`orbitwin ctl pause` (every `ctl` verb: the operation log)": (c) => reached(() => runOperation(client(c), "pause", {})),
  "`ctl.pause` request (the dashboard's path; also appended to the log)": (c) => reached(() => control(client(c), "pause")),
  "`orbitwin ctl checkpoints` (manifests)": (c) => reached(async () => (await CheckpointStore.open(c.bus, c.run)).completeTicks()),
  // What the fork reads on the live run's NATS; it writes the copy on a NATS of its own (here, in memory).
  "`orbitwin ctl fork` (a whole checkpoint and the run's recorded scenario)": (c) =>
    reached(async () => {
      const source = await forkSource(c.bus, c.run, "latest");
      await source.store.copyTo(await CheckpointStore.open(new LocalBus(), `${c.run}-fork`), source.tick, (m) => m);
    }),
  "`orbitwin inject`": (c) =>
    reached(() => runOperation(client(c), "inject", { clusters: [CLUSTER], delayS: 3600, fraction: 0.1 }, { fault: "radiator-damage" })),
  "`orbitwin faults list`": (c) => ask(c, "faults", "list", {}),
  "`orbitwin faults clear`": (c) => reached(() => runOperation(client(c), "clear-fault", { id: "f-999" })),
  "`orbitwin jobs submit`": (c) => ask(c, "scheduler", "submit", { v: 1, jobs: [{ kind: "batch", accelerators: 1, acceleratorHours: 1 }] }),
  "`orbitwin jobs list`, `show`, `status`": (c) =>
    every([ask(c, "scheduler", "list", {}), ask(c, "scheduler", "show", { id: "no-such-job" }), ask(c, "scheduler", "status", {})]),
  "`orbitwin conjunctions list`, `show`": (c) => every([ask(c, "debris-watch", "list", {}), ask(c, "debris-watch", "show", { id: "no-such-conjunction" })]),
  "thermal margins (`svc.thermal.margins`)": (c) => ask(c, "thermal", "margins", {}),
  "publish `clock.tick`": (c) => mayPublish(c.nc, subjects.clockTick(c.run)),
  "publish `host.assign.<host>`": (c) => mayPublish(c.nc, subjects.hostAssign(c.run, c.otherHost)),
  "publish its own `host.heartbeat.<host>` and `clock.done.<host>`": (c) =>
    every([mayPublish(c.nc, subjects.hostHeartbeat(c.run, c.ownHost)), mayPublish(c.nc, subjects.clockDone(c.run, c.ownHost))]),
  "publish another host's `host.heartbeat.<host>`": (c) => mayPublish(c.nc, subjects.hostHeartbeat(c.run, c.otherHost)),
  "publish `clock.participant.thermal`": (c) => mayPublish(c.nc, subjects.clockParticipant(c.run, "thermal")),
  "subscribe `host.assign.<its host>`": (c) => maySubscribe(c.nc, subjects.hostAssign(c.run, c.ownHost)),
  "publish `tlm.<cluster>`": (c) => mayPublish(c.nc, subjects.clusterTelemetry(c.run, CLUSTER)),
  "publish `cmd.<cluster>` (satellite commands, burns, `destroy`)": (c) => mayPublish(c.nc, subjects.command(c.run, CLUSTER)),
  "subscribe `cmd.*`": (c) => maySubscribe(c.nc, subjects.command(c.run, CLUSTER).replace(/[^.]+$/, "*")),
  "publish `evt.input-rejected` (every service reports what it refuses)": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.inputRejected)),
  "publish `evt.run-finished` (each of the coordinator's own event kinds)": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.runFinished)),
  "publish `evt.health-changed` (each of the fleet's own event kinds)": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.healthChanged)),
  "publish `evt.thermal-alarm`": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.thermalAlarm)),
  "publish `evt.job-placed`": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.jobPlaced)),
  "publish `evt.maneuver-planned`": (c) => mayPublish(c.nc, subjects.event(c.run, EventKinds.maneuverPlanned)),
  "publish `fleet.jobs`": (c) => mayPublish(c.nc, subjects.schedulerMetrics(c.run)),
  "serve `svc.scheduler.*`": (c) => maySubscribe(c.nc, subjects.serviceEndpoint(c.run, "scheduler", "list").replace(/[^.]+$/, "*")),
  // A tick no run reaches: the write lands beside the real checkpoints and is never read.
  "save thermal's checkpoint": (c) => mayPublish(c.nc, `$KV.${buckets.checkpoints(c.run)}.t9999999999.svc.thermal.0`),
  "read a checkpoint's contents": (c) =>
    every([
      mayPublish(c.nc, `$JS.API.STREAM.MSG.GET.KV_${buckets.checkpoints(c.run)}`, encodeJson({ last_by_subj: `$KV.${buckets.checkpoints(c.run)}.>` })),
      mayPublish(c.nc, `$JS.API.DIRECT.GET.KV_${buckets.checkpoints(c.run)}.$KV.${buckets.checkpoints(c.run)}.t0000000002.svc.thermal.0`),
    ]),
  "subscribe `_INBOX.>` (every client's replies)": (c) => maySubscribe(c.nc, "_INBOX.>"),
  "subscribe `_INBOX_operator.>` (the operator's replies)": (c) => maySubscribe(c.nc, "_INBOX_operator.>"),
  // The attack: a push consumer that delivers the run's events onto the clock subject.
  "create a consumer on the events stream": (c) =>
    mayPublish(
      c.nc,
      `$JS.API.CONSUMER.CREATE.${streams.events(c.run)}`,
      encodeJson({ stream_name: streams.events(c.run), config: { deliver_subject: subjects.clockTick(c.run), ack_policy: "none" } }),
    ),
  "create a consumer on the operation log": (c) =>
    mayPublish(
      c.nc,
      `$JS.API.CONSUMER.CREATE.${streams.operations(c.run)}`,
      encodeJson({ stream_name: streams.operations(c.run), config: { ack_policy: "none" } }),
    ),
  "delete a consumer": (c) => mayPublish(c.nc, `$JS.API.CONSUMER.DELETE.${streams.operations(c.run)}.no-such-consumer`),
  // An invalid configuration: allowed or not, nothing is created.
  "create or delete a stream": (c) => mayPublish(c.nc, `$JS.API.STREAM.CREATE.${streams.samples(c.run)}`, encodeJson({ name: "" })),
};

function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
