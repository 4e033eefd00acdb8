/**
 * The `data` of each event kind: one schema per kind, units in the field names and descriptions.
 * Publishers build events with these types (events.ts: RaisedEvent, eventMessage), and readers
 * that act on an event's data check it with `eventData`. The event envelope itself keeps `data` an
 * open map, so a reader still takes in events of kinds newer than it knows.
 */
import { Type, type TSchema } from "@sinclair/typebox";
import { ScenarioSchema } from "../scenario.js";
import { Count, Finite, SimTimeMs, Tick, Token } from "./common.js";
import type { EventKind } from "./event-kinds.js";
import { FaultActivationSchema, FaultKinds } from "./faults.js";
import { JobKinds } from "./jobs.js";
import { FleetSubsystemsSchema, HealthNames } from "./telemetry.js";

const Sat = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "satellite id" });
const Cluster = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "cluster id" });
const Text = (description: string) => Type.String({ maxLength: 4096, description });
const ObjectId = (description: string) => Type.String({ maxLength: 128, description });
const Literals = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Union(
    values.map((v: T[number]) => Type.Literal(v)),
    { description },
  );
const HealthName = (description: string) => Literals(HealthNames, description);
const Readings = ["junctionK", "tempComputeK", "batterySoc"] as const;
const Reading = (description: string) => Type.Union([Type.Number(), Type.Null()], { description: `${description}; null without a reading (no signal)` });
const object = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });

/** A conjunction as every debris-watch event about it names it. */
const conjunctionRef = {
  conjunction: Token,
  primary: ObjectId("object id; a fleet satellite when one takes part"),
  secondary: ObjectId("the other object's id"),
  tcaMs: SimTimeMs,
  missKm: Finite("miss distance at the time of closest approach, km"),
  relSpeedKmS: Finite("relative speed at the time of closest approach, km/s"),
  pc: Finite("collision probability"),
};

/** What every scheduler event says of its job. */
const jobRef = {
  job: Token,
  kind: Literals(JobKinds, "the job's kind"),
  doneAcceleratorHours: Finite("work done and kept so far, accelerator-hours"),
};

/** The data of a fleet host's per-satellite reports. */
const satelliteReport = { sat: Sat, cluster: Cluster, detail: Text("what happened, for people") };

export const EventDataSchemas = {
  "run-started": object({
    satellites: Count("satellites in the run"),
    clusters: Count("clusters in the run"),
    endTick: Type.Union([Tick, Type.Null()], { description: "last tick of the run; null = open-ended" }),
    /** the scenario as a file, durations in seconds, with its seed: enough to run it again */
    scenario: ScenarioSchema,
  }),
  "run-finished": object({
    ticks: Count("ticks run"),
    satellites: Count("satellites in the run"),
    simTimeMs: SimTimeMs,
    digest: Type.String({ pattern: "^([0-9a-f]{16})?$", description: "final state digest, 16 hex digits (empty when the last tick asked for none)" }),
    subsystems: Type.Optional(FleetSubsystemsSchema),
  }),
  "host-joined": object({
    host: Token,
    pid: Count("the host's process id"),
    hostname: Type.String({ maxLength: 255, description: "machine name" }),
  }),
  /** A host lost: no heartbeat (silentMs), no done for a tick (tick), an assignment refused (epoch), or restarted (pid, hostname). */
  "host-lost": object({
    host: Token,
    pid: Type.Optional(Count("the new process's id (a restart)")),
    hostname: Type.Optional(Type.String({ maxLength: 255, description: "machine name (a restart)" })),
    silentMs: Type.Optional(Finite("wall time without a heartbeat, ms")),
    tick: Type.Optional(Tick),
    epoch: Type.Optional(Count("the assignment epoch it refused")),
  }),
  "clusters-reassigned": object({
    epoch: Count("the new assignment epoch"),
    tick: Tick,
    moved: Count("clusters that moved to another host"),
    hosts: Type.Array(Token, { description: "the hosts of the new assignment" }),
  }),
  "input-rejected": object({
    code: Type.String({ description: "the error code, e.g. ORBITWIN_INVALID_MESSAGE" }),
    subject: Type.Optional(Type.String({ maxLength: 1024, description: "where the rejected message came in" })),
    cluster: Type.Optional(Cluster),
    problem: Type.Optional(Text("what is wrong, when it is not a message (a scenario's debris section)")),
  }),
  "propagation-failed": object(satelliteReport),
  "health-changed": object({ sat: Sat, cluster: Cluster, from: HealthName("health before"), to: HealthName("health now"), reason: Text("why, for people") }),
  "accelerator-failed": object({
    sat: Sat,
    cluster: Cluster,
    failed: Count("accelerators that failed this tick"),
    active: Count("working accelerators left"),
    sparesLeft: Count("spare accelerators left"),
  }),
  "thermal-alarm": Type.Union([
    object({
      sat: Sat,
      cluster: Cluster,
      alarm: Literals(["junction-over-limit", "battery-low", "thermal-safe-mode", "eclipse-power"], "what the thermal control saw"),
      marginK: Finite("junction limit minus junction temperature, K"),
      batterySoc: Finite("battery state of charge, 0..1"),
    }),
    object({ alarm: Type.Literal("control-failure", { description: "the thermal control failed to decide a tick" }) }),
  ]),
  "participant-joined": object({ participant: Token, role: Token }),
  "participant-lost": object({ participant: Token, role: Token }),
  "maneuver-executed": object({ ...satelliteReport, maneuver: Type.String({ minLength: 1, maxLength: 64, description: "the maneuver id of the command" }) }),
  "maneuver-failed": object({
    ...satelliteReport,
    maneuver: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the maneuver id of the command" })),
  }),
  "satellite-destroyed": object(satelliteReport),
  "conjunction-detected": object(conjunctionRef),
  "conjunction-passed": object({ ...conjunctionRef, draw: Finite("the uniform draw compared with pc at the time of closest approach") }),
  "maneuver-planned": Type.Union([
    object({
      ...conjunctionRef,
      planned: Type.Literal(true),
      maneuver: Type.String({ minLength: 1, maxLength: 64, description: "the maneuver id of the command" }),
      sat: Sat,
      cluster: Cluster,
      deltaVRtnMS: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: "delta-v along radial, along-track, cross-track, m/s" }),
      burnTick: Tick,
      burnSimTimeMs: SimTimeMs,
      pcAfter: Finite("collision probability after the burn"),
      interruptS: Finite("compute paused for slew, burn and settle, s"),
    }),
    object({
      ...conjunctionRef,
      planned: Type.Literal(false, { description: "the conjunction stands" }),
      reason: Type.Optional(Literals(["thruster-stuck", "comms-blackout", "burn-failed"], "why no burn; absent when no burn within the budget clears it")),
      fault: Type.Optional(Token),
      sat: Type.Optional(Sat),
      maneuver: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "burn-failed: the burn that did not fly" })),
      detail: Type.Optional(Text("burn-failed: why it did not fly")),
    }),
  ]),
  "collision-occurred": Type.Union([
    object({
      ...conjunctionRef,
      draw: Finite("the uniform draw compared with pc"),
      catastrophic: Type.Boolean({ description: "true: both objects break up completely" }),
      fragments: Count("tracked fragments the collision created"),
    }),
    object({
      fault: Token,
      primary: Sat,
      catastrophic: Type.Boolean({ description: "true: the satellite breaks up completely" }),
      fragments: Count("tracked fragments the strike created"),
    }),
  ]),
  "fragments-created": object({
    source: ObjectId("the collision or strike the fragments come from"),
    fragments: Count("fragments that join the catalog"),
    lost: Count("fragments that re-enter or escape"),
    ids: Type.Array(ObjectId("fragment id"), { maxItems: 20, description: "the first fragments' ids" }),
  }),
  "run-restored": object({
    tick: Type.Integer({ minimum: -1, description: "the checkpoint's tick; -1 is the start of the run" }),
    from: Type.Integer({ minimum: -1, description: "the last tick before going back" }),
    epoch: Count("assignment epoch"),
    participants: Type.Array(Token, { description: "every participant that restored" }),
  }),
  "checkpoint-taken": object({ tick: Tick, participants: Count("participants whose state the checkpoint holds") }),
  "fault-activated": object({ ...FaultActivationSchema.properties, tick: Tick }),
  "fault-ended": object({ fault: Token, tick: Tick }),
  "fault-applied": object({ ...satelliteReport, fault: Token, kind: Literals(FaultKinds, "the fault's kind") }),
  "job-submitted": object({ ...jobRef, accelerators: Count("accelerators the job runs on"), acceleratorHours: Finite("work to do, accelerator-hours") }),
  "job-placed": object({
    ...jobRef,
    cluster: Cluster,
    sats: Type.Array(Sat, { description: "satellites the job runs on" }),
    counts: Type.Array(Count("accelerators"), { description: "accelerators used on each of sats" }),
  }),
  "job-checkpointed": object({
    ...jobRef,
    checkpointAcceleratorHours: Finite("work the checkpoint keeps, accelerator-hours"),
    why: Literals(["interval", "shadow ahead"], "its checkpoint interval passed, or an eclipse is ahead"),
  }),
  "job-paused": object({ ...jobRef, sat: Sat }),
  "job-resumed": object(jobRef),
  "job-interrupted": object({
    ...jobRef,
    sat: Sat,
    reason: Text("what happened to the satellite"),
    lostAcceleratorHours: Finite("work thrown away, accelerator-hours"),
  }),
  "job-migrated": object({ ...jobRef, cluster: Cluster, sats: Type.Array(Sat, { description: "satellites the job moved to" }) }),
  "job-completed": object({
    ...jobRef,
    energyWh: Finite("energy of the satellites' share the job used, Wh"),
    lostAcceleratorHours: Finite("work thrown away by restarts, accelerator-hours"),
    queueWaitS: Finite("time spent queued, s of simulation time"),
  }),
  "job-queued": object({
    ...jobRef,
    accelerators: Count("accelerators the job needs at once"),
    largestFreeAccelerators: Count("the most free accelerators in one cluster now"),
  }),
  "sensor-suspect": object({
    sat: Sat,
    cluster: Cluster,
    suspect: Type.Array(Literals(Readings, "a reading"), { description: "readings physics rules out now, set aside" }),
    cleared: Type.Array(Literals(Readings, "a reading"), { description: "readings trusted again" }),
    junctionK: Reading("accelerator junction temperature the control uses, K"),
    expectedJunctionK: Reading("junction temperature the compute node reading and power draw imply, K"),
    tempComputeK: Reading("compute node temperature read, K"),
    batterySoc: Reading("battery state of charge read, 0..1"),
  }),
  /** debris-watch failed to decide a tick (the message says why); the tick goes on without its decision. */
  "debris-watch-failed": object({}),
} as const satisfies Record<EventKind, TSchema>;
