import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Count, Finite, SimTimeMs, Tick, Token, Version, Epoch } from "./common.js";
import { SubsystemTotalsSchema } from "./subsystems.js";
import { FaultActivationSchema } from "./faults.js";

/** A burn commanded for a tick that did not fly (thruster stuck, command not received, ...). */
export const ManeuverFailureSchema = Type.Object(
  {
    sat: Token,
    maneuver: Type.String({ minLength: 1, maxLength: 64, description: "the maneuver id of the command" }),
    reason: Type.String({ maxLength: 256, description: "why it did not fly, for people" }),
  },
  { additionalProperties: false },
);
export type ManeuverFailure = Static<typeof ManeuverFailureSchema>;
const ManeuverFailures = (description: string) => Type.Optional(Type.Array(ManeuverFailureSchema, { maxItems: 10_000, description }));

/** Coordinator -> participants on `clock.tick`: compute tick `tick`, then report done. */
export const ClockTickSchema = Type.Object(
  {
    v: Version,
    tick: Tick,
    simTimeMs: SimTimeMs,
    dtMs: Type.Number({ exclusiveMinimum: 0, description: "tick length, ms of simulation time" }),
    epoch: Epoch("assignment epoch the tick belongs to; a host answers only for its current epoch"),
    wantDigest: Type.Boolean({ description: "true when participants must report per-cluster state digests" }),
    checkpoint: Type.Optional(
      Type.Integer({ minimum: 0, description: "a checkpoint of this tick: services save after deciding it, hosts before stepping the next" }),
    ),
    faults: Type.Optional(Type.Array(FaultActivationSchema, { maxItems: 1000, description: "simulated faults that start on this tick" })),
    faultsEnded: Type.Optional(Type.Array(Token, { maxItems: 1000, description: "ids of faults that end on this tick (duration over, or cleared)" })),
    maneuversFailed: ManeuverFailures(
      "burns commanded for the previous tick that did not fly, as the fleet hosts reported them, by satellite then maneuver id: every participant learns it at the same tick",
    ),
  },
  { additionalProperties: false },
);
export type ClockTick = Static<typeof ClockTickSchema>;
export const clockTick = defineMessage("clock-tick", "internal", ClockTickSchema, { subject: subjects.clockTick, maxBytes: 4 * 1024 * 1024 });

export const ClusterDigestSchema = Type.Object(
  { cluster: Token, digest: Type.String({ pattern: "^[0-9a-f]{16}$", description: "64-bit hex digest of the cluster state" }) },
  { additionalProperties: false },
);
export type ClusterDigest = Static<typeof ClusterDigestSchema>;

/** Participant -> coordinator on `clock.done`. */
export const ClockDoneSchema = Type.Object(
  {
    v: Version,
    tick: Tick,
    host: Token,
    epoch: Epoch("assignment epoch the host computed the tick under"),
    clusters: Count("clusters stepped"),
    satellites: Count("satellites stepped"),
    sunlit: Finite("sum of sunlit fractions over the host's satellites, satellites"),
    failed: Count("satellites whose propagation failed (decayed or invalid elements)"),
    stepMs: Finite("wall time the host spent stepping, ms"),
    digests: Type.Array(ClusterDigestSchema, { description: "per-cluster digests, only when the tick asked" }),
    subsystems: Type.Union([SubsystemTotalsSchema, Type.Null()], { description: "subsystem totals of the participant's satellites; null without buses" }),
    checkpointed: Type.Optional(Type.Integer({ minimum: 0, description: "the checkpoint the tick asked for is saved" })),
    maneuversFailed: ManeuverFailures("burns commanded for this tick on the host's satellites that did not fly"),
    startedAtMs: Type.Optional(
      Type.Number({
        description:
          "a participant that is not a fleet host: when its process started, as its heartbeats say; the coordinator counts the done only from the process it has taken in",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ClockDone = Static<typeof ClockDoneSchema>;
export const clockDone = defineMessage("clock-done", "internal", ClockDoneSchema, { subject: subjects.clockDone, maxBytes: 1024 * 1024 });

/** Clock participants that are not fleet hosts (thermal, scheduler, debris-watch) on `clock.participant`. */
export const ParticipantHeartbeatSchema = Type.Object(
  {
    v: Version,
    participant: Token,
    role: Token,
    seq: Count("heartbeat sequence number"),
    startedAtMs: Type.Number({ description: "wall time the participant started, ms since 1970 UTC" }),
    pid: Type.Optional(Type.Integer({ minimum: 1, description: "process id, for drills (orbitwin chaos kill)" })),
    hostname: Type.Optional(Type.String({ maxLength: 255, description: "machine name" })),
  },
  { additionalProperties: false },
);
export type ParticipantHeartbeat = Static<typeof ParticipantHeartbeatSchema>;
export const participantHeartbeat = defineMessage("participant-heartbeat", "public", ParticipantHeartbeatSchema, {
  subject: subjects.clockParticipant,
  maxBytes: 64 * 1024,
});

/**
 * Coordinator -> every participant on `clock.restore`: put your state back to checkpoint `tick`
 * (hosts: for the clusters of assignment `epoch`), then answer on `clock.restored`. The run then
 * continues from tick + 1 and replays to the same digest.
 */
export const ClockRestoreSchema = Type.Object(
  {
    v: Version,
    tick: Type.Integer({ minimum: -1, description: "the checkpoint's tick; -1 is the start of the run (before tick 0)" }),
    epoch: Epoch("assignment epoch the restore belongs to"),
    restoreId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type ClockRestore = Static<typeof ClockRestoreSchema>;
export const clockRestore = defineMessage("clock-restore", "internal", ClockRestoreSchema, { subject: subjects.clockRestore, maxBytes: 64 * 1024 });

export const ClockRestoredSchema = Type.Object(
  {
    v: Version,
    participant: Token,
    restoreId: Type.String({ minLength: 1, maxLength: 64 }),
    ok: Type.Boolean(),
    error: Type.Optional(Type.String({ maxLength: 4096 })),
    /** the error's code (ORBITWIN_CORRUPT_CHECKPOINT makes the coordinator fall back to an older checkpoint) */
    code: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type ClockRestored = Static<typeof ClockRestoredSchema>;
export const clockRestored = defineMessage("clock-restored", "internal", ClockRestoredSchema, { subject: subjects.clockRestored, maxBytes: 64 * 1024 });
