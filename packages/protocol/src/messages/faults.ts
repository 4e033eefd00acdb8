/**
 * Simulated faults: things that happen to the twin's satellites (never to orbitwin itself).
 * Injected on `inject.<fault>` or from the scenario's `faults:` timeline; the coordinator
 * schedules each on a tick and announces it in that tick's clock message, so every participant
 * sees it at the same point of simulated time and replays see it again.
 */
import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { SimTimeMs, Tick, Token } from "./common.js";

export const FaultKinds = [
  "satellite-loss",
  "accelerator-failure",
  "radiator-damage",
  "solar-array-degradation",
  "battery-cell-failure",
  "solar-particle-event",
  "comms-blackout",
  "debris-strike",
  "stuck-thruster",
  "sensor-fault",
] as const;
export type FaultKind = (typeof FaultKinds)[number];

/** Telemetry readings a sensor fault can corrupt. */
export const SensorFields = ["junctionK", "tempComputeK", "tempRadiatorK", "batterySoc"] as const;

export const RegionSchema = Type.Object(
  {
    latMinDeg: Type.Number({ minimum: -90, maximum: 90 }),
    latMaxDeg: Type.Number({ minimum: -90, maximum: 90 }),
    lonMinDeg: Type.Number({ minimum: -180, maximum: 180 }),
    lonMaxDeg: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false, description: "satellites over this box when the fault starts" },
);

const targetAndParams = {
  sats: Type.Optional(Type.Array(Token, { minItems: 1, maxItems: 100_000, description: "satellite ids" })),
  clusters: Type.Optional(Type.Array(Token, { minItems: 1, maxItems: 10_000, description: "cluster ids (every satellite in them)" })),
  region: Type.Optional(RegionSchema),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "accelerator-failure: chips that fail per satellite; default 1" })),
  fraction: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "radiator-damage, solar-array-degradation, battery-cell-failure: fraction lost" }),
  ),
  multiplier: Type.Optional(Type.Number({ minimum: 1, maximum: 10_000, description: "solar-particle-event: dose and upset rate multiplier; default 100" })),
  field: Type.Optional(
    Type.Union(
      SensorFields.map((f) => Type.Literal(f)),
      { description: "sensor-fault: the reading that goes wrong" },
    ),
  ),
  offset: Type.Optional(Type.Number({ minimum: -1e6, maximum: 1e6, description: "sensor-fault: added to the reading (K, or a fraction for batterySoc)" })),
};

const DurationText = Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|y)\\s*$" })], {
  description: "seconds, or a number with a unit: ms, s, m, h, d, y",
});

/** One entry of a scenario's `faults:` timeline. */
export const ScenarioFaultSchema = Type.Object(
  {
    fault: Type.Union(FaultKinds.map((k) => Type.Literal(k))),
    at: DurationText,
    for: Type.Optional(DurationText),
    ...targetAndParams,
  },
  { additionalProperties: false },
);
export type ScenarioFault = Static<typeof ScenarioFaultSchema>;

/** `inject.<fault>` request. */
export const InjectRequestSchema = Type.Object(
  {
    ...targetAndParams,
    atMs: Type.Optional(Type.Number({ description: "simulation time it starts, ms since 1970 UTC; default: the next tick" })),
    delayS: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: "starts this much simulated time after now, s (instead of atMs)" })),
    forS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e9, description: "ends by itself after this much simulated time, s" })),
  },
  { additionalProperties: false },
);
export type InjectRequest = Static<typeof InjectRequestSchema>;
export const injectRequest = defineMessage("inject-request", "public", InjectRequestSchema, { subject: subjects.inject, maxBytes: 2 * 1024 * 1024 });

/** A fault as announced to participants in the clock tick it starts on. */
export const FaultActivationSchema = Type.Object(
  {
    id: Token,
    kind: Type.Union(FaultKinds.map((k) => Type.Literal(k))),
    ...targetAndParams,
    untilMs: Type.Optional(SimTimeMs),
  },
  { additionalProperties: false },
);
export type FaultActivation = Static<typeof FaultActivationSchema>;

export const FaultStates = ["scheduled", "active", "ended", "cleared"] as const;

export const FaultRecordSchema = Type.Object(
  {
    ...FaultActivationSchema.properties,
    state: Type.Union(FaultStates.map((s) => Type.Literal(s))),
    startsAtTick: Tick,
    startsAtMs: SimTimeMs,
    endsAtTick: Type.Optional(Tick),
    source: Type.String({ maxLength: 64, description: "scenario or operator" }),
  },
  { additionalProperties: false },
);
export type FaultRecord = Static<typeof FaultRecordSchema>;
export const faultReply = defineMessage("fault-reply", "public", Reply(FaultRecordSchema));

/** `svc.faults.list` and `svc.faults.clear`. */
export const FaultListResultSchema = Type.Object({ faults: Type.Array(FaultRecordSchema) }, { additionalProperties: false });
export const faultListReply = defineMessage("fault-list-reply", "public", Reply(FaultListResultSchema));
export const FaultClearRequestSchema = Type.Object({ id: Token }, { additionalProperties: false });
export const faultClearRequest = defineMessage("fault-clear-request", "public", FaultClearRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "faults", "clear"),
  maxBytes: 4096,
});
