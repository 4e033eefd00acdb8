import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { SimTimeMs, Tick, Token, Version } from "./common.js";

export const Severities = ["info", "warning", "error", "critical"] as const;
export type Severity = (typeof Severities)[number];

/** Event kinds, past tense; `evt.<kind>`. Append only. */
export const EventKinds = {
  runStarted: "run-started",
  runFinished: "run-finished",
  hostJoined: "host-joined",
  hostLost: "host-lost",
  clustersReassigned: "clusters-reassigned",
  inputRejected: "input-rejected",
  propagationFailed: "propagation-failed",
  healthChanged: "health-changed",
  acceleratorFailed: "accelerator-failed",
  thermalAlarm: "thermal-alarm",
  participantJoined: "participant-joined",
  participantLost: "participant-lost",
  maneuverExecuted: "maneuver-executed",
  maneuverFailed: "maneuver-failed",
  satelliteDestroyed: "satellite-destroyed",
  conjunctionDetected: "conjunction-detected",
  conjunctionPassed: "conjunction-passed",
  maneuverPlanned: "maneuver-planned",
  collisionOccurred: "collision-occurred",
  fragmentsCreated: "fragments-created",
  runRestored: "run-restored",
  checkpointTaken: "checkpoint-taken",
  faultActivated: "fault-activated",
  faultEnded: "fault-ended",
  faultApplied: "fault-applied",
  jobSubmitted: "job-submitted",
  jobPlaced: "job-placed",
  jobCheckpointed: "job-checkpointed",
  jobPaused: "job-paused",
  jobResumed: "job-resumed",
  jobInterrupted: "job-interrupted",
  jobMigrated: "job-migrated",
  jobCompleted: "job-completed",
  jobQueued: "job-queued",
  sensorSuspect: "sensor-suspect",
} as const;

/** Every event on `evt.<kind>`. Plain MessagePack map. */
export const EventSchema = Type.Object(
  {
    v: Version,
    run: Token,
    kind: Token,
    tick: Tick,
    simTimeMs: SimTimeMs,
    source: Type.String({ maxLength: 128, description: "service and host that raised it, e.g. coordinator or fleet/h1" }),
    severity: Type.Union(Severities.map((s) => Type.Literal(s))),
    message: Type.String({ maxLength: 4096, description: "what happened, for people" }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: "kind-specific fields, units in names" }),
  },
  { additionalProperties: false },
);
export type OrbitwinEvent = Static<typeof EventSchema>;
export const orbitwinEvent = defineMessage("event", "public", EventSchema, { subject: subjects.event });
