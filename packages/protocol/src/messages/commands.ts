import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { Reply } from "./reply.js";
import { Count, Tick, Token, Version } from "./common.js";

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
export const clusterCommand = defineMessage("cluster-command", "public", ClusterCommandSchema, { maxBytes: 2 * 1024 * 1024 });

export const ClusterCommandResultSchema = Type.Object(
  { cluster: Token, accepted: Count("commands accepted"), appliesAtTick: Tick },
  { additionalProperties: false },
);
export const clusterCommandReply = defineMessage("cluster-command-reply", "public", Reply(ClusterCommandResultSchema));
