import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, Finite, SimTimeMs, Tick, Token } from "./common.js";

/** superseded: the orbit it was computed on changed (a burn); a re-screen replaced it. */
export const ConjunctionStatuses = ["detected", "maneuver-planned", "mitigated", "superseded", "passed", "collided"] as const;
export type ConjunctionStatus = (typeof ConjunctionStatuses)[number];

const ObjectKind = Type.Union([Type.Literal("fleet"), Type.Literal("debris"), Type.Literal("fragment")]);

export const ConjunctionSchema = Type.Object(
  {
    id: Token,
    primary: Type.String({ maxLength: 128, description: "object id; a fleet satellite when one takes part" }),
    secondary: Type.String({ maxLength: 128 }),
    primaryKind: ObjectKind,
    secondaryKind: ObjectKind,
    tcaMs: SimTimeMs,
    missKm: Finite("miss distance at TCA, km"),
    relSpeedKmS: Finite("relative speed at TCA, km/s"),
    pc: Finite("collision probability (Foster, circular hard body, modelled covariance)"),
    status: Type.Union(ConjunctionStatuses.map((s) => Type.Literal(s))),
    detectedTick: Tick,
    detectedSimTimeMs: SimTimeMs,
    maneuver: Type.Optional(
      Type.Object(
        {
          id: Type.String({ maxLength: 64 }),
          sat: Token,
          deltaVRtnMS: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: "radial, along-track, cross-track, m/s" }),
          burnSimTimeMs: SimTimeMs,
          pcAfter: Finite("collision probability after the burn"),
          missKmAfter: Finite("miss distance after the burn, km"),
        },
        { additionalProperties: false },
      ),
    ),
    collisionDraw: Type.Optional(Finite("the uniform draw compared with pc when TCA passed")),
    fragments: Type.Optional(Count("fragments the collision created")),
  },
  { additionalProperties: false },
);
export type Conjunction = Static<typeof ConjunctionSchema>;

/** `svc.debris-watch.list` request. */
export const ConjunctionListRequestSchema = Type.Object(
  {
    status: Type.Optional(Type.Union(ConjunctionStatuses.map((s) => Type.Literal(s)))),
    minPc: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "only conjunctions at or above this probability" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: "most to return, highest probability first; default 50" })),
  },
  { additionalProperties: false },
);
export const conjunctionListRequest = defineMessage("conjunction-list-request", "public", ConjunctionListRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "debris-watch", "list"),
  maxBytes: 64 * 1024,
});
export const ConjunctionListResultSchema = Type.Object(
  { tick: Tick, total: Count("conjunctions matching before the limit"), conjunctions: Type.Array(ConjunctionSchema) },
  { additionalProperties: false },
);
export const conjunctionListReply = defineMessage("conjunction-list-reply", "public", Reply(ConjunctionListResultSchema));

/** `svc.debris-watch.show` request: one conjunction, with its CDM when asked. */
export const ConjunctionShowRequestSchema = Type.Object({ id: Token, cdm: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const conjunctionShowRequest = defineMessage("conjunction-show-request", "public", ConjunctionShowRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "debris-watch", "show"),
  maxBytes: 64 * 1024,
});
export const ConjunctionShowResultSchema = Type.Object(
  { conjunction: ConjunctionSchema, cdm: Type.Optional(Type.String({ description: "CCSDS Conjunction Data Message (508.0-B-1), KVN" })) },
  { additionalProperties: false },
);
export const conjunctionShowReply = defineMessage("conjunction-show-reply", "public", Reply(ConjunctionShowResultSchema));

/** `svc.debris-watch.status` result. */
export const DebrisWatchStatusSchema = Type.Object(
  {
    tick: Tick,
    fleetObjects: Count("fleet satellites in the catalog"),
    debrisObjects: Count("background objects in the catalog"),
    fragments: Count("fragments created during the run, still in the catalog"),
    screenedUntilMs: SimTimeMs,
    open: Count("conjunctions detected or with a maneuver planned, TCA ahead"),
    conjunctions: Count("conjunctions recorded"),
    maneuvers: Count("avoidance maneuvers commanded"),
    collisions: Count("collisions"),
    lastScreenMs: Finite("wall time of the last screening, ms"),
  },
  { additionalProperties: false },
);
export type DebrisWatchStatus = Static<typeof DebrisWatchStatusSchema>;
export const debrisWatchStatusReply = defineMessage("debris-watch-status-reply", "public", Reply(DebrisWatchStatusSchema));
