import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, Finite, Tick, Token } from "./common.js";

/** `svc.thermal.margins` request: the satellites closest to their junction limit. */
export const MarginsRequestSchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: "satellites to return, smallest margin first; default 20" })),
    sats: Type.Optional(Type.Array(Token, { maxItems: 10_000, description: "only these satellites" })),
  },
  { additionalProperties: false },
);
export type MarginsRequest = Static<typeof MarginsRequestSchema>;
export const marginsRequest = defineMessage("thermal-margins-request", "public", MarginsRequestSchema, {
  subject: (run: string) => subjects.serviceEndpoint(run, "thermal", "margins"),
  maxBytes: 1024 * 1024,
});

export const SatelliteMarginSchema = Type.Object(
  {
    sat: Token,
    cluster: Token,
    junctionK: Finite("accelerator junction temperature, K"),
    marginK: Finite("junction limit minus junction temperature, K"),
    clock: Finite("clock commanded, fraction of full"),
    batterySoc: Finite("battery state of charge, 0..1"),
    safeMode: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const MarginsResultSchema = Type.Object({ tick: Tick, satellites: Type.Array(SatelliteMarginSchema) }, { additionalProperties: false });
export const marginsReply = defineMessage("thermal-margins-reply", "public", Reply(MarginsResultSchema));

export const ThermalStatusSchema = Type.Object(
  {
    tick: Tick,
    satellitesTracked: Count("satellites with a bus the service watches"),
    throttled: Count("satellites below full clock"),
    safeMode: Count("satellites held in safe mode"),
    overLimit: Count("satellites whose junction is over its limit"),
    commandsSent: Count("satellite commands sent since start"),
    alarmsRaised: Count("alarms raised since start"),
  },
  { additionalProperties: false },
);
export type ThermalStatus = Static<typeof ThermalStatusSchema>;
export const thermalStatusReply = defineMessage("thermal-status-reply", "public", Reply(ThermalStatusSchema));
