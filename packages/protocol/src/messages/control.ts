import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, Finite, SimTimeMs, Tick, Token, Epoch } from "./common.js";

export const RunStates = ["starting", "running", "paused", "finished", "stopped"] as const;
export const ClockModes = ["lockstep", "paced"] as const;

export const EmptyRequestSchema = Type.Object({}, { additionalProperties: false });
export const emptyRequest = defineMessage("empty-request", "public", EmptyRequestSchema, { maxBytes: 64 * 1024 });

/** `ctl.speed`: `speed` x wall clock (1 = real time), or "max" for lockstep as fast as possible. */
export const SpeedRequestSchema = Type.Object(
  { speed: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }), Type.Literal("max")]) },
  { additionalProperties: false },
);
export type SpeedRequest = Static<typeof SpeedRequestSchema>;
export const speedRequest = defineMessage("speed-request", "public", SpeedRequestSchema, {
  subject: (run: string) => subjects.control(run, "speed"),
  maxBytes: 64 * 1024,
});

/** `ctl.step`: advance `ticks` ticks, then pause. */
export const StepRequestSchema = Type.Object(
  { ticks: Type.Integer({ minimum: 1, maximum: 1_000_000, description: "ticks to run before pausing" }) },
  { additionalProperties: false },
);
export type StepRequest = Static<typeof StepRequestSchema>;
export const stepRequest = defineMessage("step-request", "public", StepRequestSchema, {
  subject: (run: string) => subjects.control(run, "step"),
  maxBytes: 64 * 1024,
});

export const HostStatusSchema = Type.Object(
  {
    host: Token,
    clusters: Count("clusters assigned"),
    satellites: Count("satellites assigned"),
    lastSeenAgoMs: Finite("wall ms since its last heartbeat"),
  },
  { additionalProperties: false },
);

export const RunStatusSchema = Type.Object(
  {
    run: Token,
    scenario: Type.String({ description: "scenario name" }),
    state: Type.Union(RunStates.map((s) => Type.Literal(s))),
    mode: Type.Union(ClockModes.map((s) => Type.Literal(s))),
    speed: Type.Union([Type.Number(), Type.Null()], { description: "x wall clock; null = as fast as possible" }),
    tick: Tick,
    simTimeMs: SimTimeMs,
    endTick: Type.Union([Tick, Type.Null()], { description: "last tick of the run; null = open-ended" }),
    dtMs: Finite("tick length, ms of simulation time"),
    satellites: Count("satellites in the run"),
    clusters: Count("clusters in the run"),
    epoch: Epoch("assignment epoch"),
    hosts: Type.Array(HostStatusSchema),
    achievedSpeed: Finite("simulation seconds per wall second, recent"),
    tickLagP50Ms: Finite("median tick lag over recent ticks, ms"),
    tickLagP99Ms: Finite("99th percentile tick lag over recent ticks, ms"),
    digest: Type.Union([Type.String(), Type.Null()], { description: "final state digest (16 hex) once the run finished, else null" }),
  },
  { additionalProperties: false },
);
export type RunStatus = Static<typeof RunStatusSchema>;
export const runStatusReply = defineMessage("run-status-reply", "public", Reply(RunStatusSchema));
