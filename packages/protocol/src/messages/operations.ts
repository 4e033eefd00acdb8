/**
 * Operators' commands as a durable log: each one is published once, with its command id as the
 * JetStream message id (a retry reuses it, so the stream stores it once), on `op.<verb>` into the
 * stream `ot-<run>-ops`. The coordinator applies the log in order and records each outcome under
 * the command id in the bucket `ot-<run>-op-results`, which is also how a second copy of a command
 * is recognised and not applied again.
 */
import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { WireErrorSchema } from "./reply.js";
import { Tick, Token, Version } from "./common.js";

export const OperationVerbs = ["pause", "resume", "speed", "step", "stop", "snapshot", "restore", "inject", "clear-fault"] as const;
export type OperationVerb = (typeof OperationVerbs)[number];

/** A command id: unique per command, reused by every retry of it (a UUID fits). */
export const CommandId = Type.String({
  pattern: "^[a-z0-9][a-z0-9-]{7,63}$",
  description: "unique per command, reused by its retries: lower-case letters, digits and dashes, 8-64",
});

export const OperationSchema = Type.Object(
  {
    v: Version,
    id: CommandId,
    /** inject: the fault kind */
    fault: Type.Optional(Token),
    /** the verb's request, as on the request-reply endpoint (speed, step, inject, clear-fault, restore); {} otherwise */
    request: Type.Record(Type.String(), Type.Unknown()),
    /** who sent it, for the audit trail */
    source: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);
export type Operation = Static<typeof OperationSchema>;
export const operation = defineMessage("operation", "public", OperationSchema, { subject: subjects.operation, maxBytes: 2 * 1024 * 1024 });

/** `op.restore`: go back to the complete checkpoint of this tick and run on from there. */
export const RestoreRequestSchema = Type.Object({ tick: Tick }, { additionalProperties: false });
export type RestoreRequest = Static<typeof RestoreRequestSchema>;
export const restoreRequest = defineMessage("restore-request", "public", RestoreRequestSchema, {
  subject: (run: string) => subjects.control(run, "restore"),
  maxBytes: 4096,
});

/** `op.snapshot`'s result: the tick the checkpoint is taken at. */
export const SnapshotResultSchema = Type.Object(
  { tick: Tick, state: Type.Union([Type.Literal("scheduled"), Type.Literal("complete")]) },
  { additionalProperties: false },
);
export type SnapshotResult = Static<typeof SnapshotResultSchema>;

export const OperationResultSchema = Type.Object(
  {
    v: Version,
    id: CommandId,
    verb: Type.Union(OperationVerbs.map((v) => Type.Literal(v))),
    /** the stream sequence of the copy that was applied */
    seq: Type.Integer({ minimum: 1 }),
    /** the next tick when it was applied: it takes effect from there */
    atTick: Tick,
    ok: Type.Boolean(),
    /** the verb's answer (run status, fault record, snapshot) when ok */
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(WireErrorSchema),
  },
  { additionalProperties: false },
);
export type OperationResult = Static<typeof OperationResultSchema>;
export const operationResult = defineMessage("operation-result", "public", OperationResultSchema, { maxBytes: 2 * 1024 * 1024 });
