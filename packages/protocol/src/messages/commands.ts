import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, Tick, Token, Version } from "./common.js";

/** An impulsive burn at the start of the tick it applies on; compute stops for `interruptS`. */
export const ManeuverSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, description: "maneuver id, for the events that follow it" }),
    deltaVRtnMS: Type.Array(Type.Number({ minimum: -100, maximum: 100 }), {
      minItems: 3,
      maxItems: 3,
      description: "delta-v along radial, along-track, cross-track, m/s",
    }),
    interruptS: Type.Number({ minimum: 0, maximum: 86_400, description: "compute paused for slew, burn and settle, s" }),
  },
  { additionalProperties: false },
);
export type Maneuver = Static<typeof ManeuverSchema>;

/**
 * Commands to the satellites of one cluster on `cmd.<cluster>` (request-reply). Decided on tick
 * `tick`, they apply from tick `tick + 1`, in satellite-slot order, so runs stay deterministic.
 */
export const SatelliteCommandSchema = Type.Object(
  {
    sat: Token,
    clock: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "accelerator clock, fraction of full (throttle)" })),
    safeMode: Type.Optional(Type.Boolean({ description: "true: compute off, bus only, until false" })),
    dutyCycle: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "fraction of time the accelerators may run work" })),
    load: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "fraction of the accelerators given work (the scheduler's placement); 1 until commanded" }),
    ),
    maneuver: Type.Optional(ManeuverSchema),
    destroy: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "the satellite is lost (collision, fault): why" })),
  },
  { additionalProperties: false },
);

export const ClusterCommandSchema = Type.Object(
  {
    v: Version,
    tick: Tick,
    source: Token,
    commands: Type.Array(SatelliteCommandSchema, { minItems: 1, maxItems: 20_000 }),
  },
  { additionalProperties: false },
);
export type ClusterCommand = Static<typeof ClusterCommandSchema>;
export type SatelliteCommand = Static<typeof SatelliteCommandSchema>;
export const clusterCommand = defineMessage("cluster-command", "public", ClusterCommandSchema, { subject: subjects.command, maxBytes: 2 * 1024 * 1024 });

export const ClusterCommandResultSchema = Type.Object(
  { cluster: Token, accepted: Count("commands accepted"), appliesAtTick: Tick },
  { additionalProperties: false },
);
export const clusterCommandReply = defineMessage("cluster-command-reply", "public", Reply(ClusterCommandResultSchema));
