/**
 * The gateway's HTTP API, one TypeBox schema per input: Fastify validates every request against
 * these before a handler runs, and the page's sources import the types (type-only) so the page
 * and the gateway cannot drift apart.
 */
import { Type, type Static } from "@sinclair/typebox";
import { ControlVerbs, FaultKinds } from "@orbitwin/protocol";
import { ViewFields } from "./wire.js";

/** Largest request body, bytes (control and injection requests are a few hundred). */
export const MAX_BODY_BYTES = 64 * 1024;

const Id = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "a run token: 1-64 lower-case letters, digits and '-'" });

export const StreamQuery = Type.Object(
  {
    field: Type.Optional(
      Type.Union(
        ViewFields.map((f) => Type.Literal(f)),
        { description: "what the satellites are colored by; default health" },
      ),
    ),
  },
  { additionalProperties: false },
);
export const SatelliteQuery = Type.Object({ id: Id }, { additionalProperties: false });
export const ConjunctionParams = Type.Object({ id: Id }, { additionalProperties: false });
export const AssetParams = Type.Object({ file: Type.String({ pattern: "^[A-Za-z0-9_.-]{1,128}$" }) }, { additionalProperties: false });
export const ControlParams = Type.Object({ verb: Type.Union(ControlVerbs.map((v) => Type.Literal(v))) }, { additionalProperties: false });
export const InjectParams = Type.Object({ fault: Type.Union(FaultKinds.map((f) => Type.Literal(f))) }, { additionalProperties: false });
/** Control and injection bodies go to the run as they are: the run validates them against its own schemas. */
export const CommandBody = Type.Object({}, { additionalProperties: true, description: "the request the run's control or inject endpoint takes" });

export type ViewRole = "operator" | "viewer";

/** GET /api/session: who the page is and what it may offer. */
export interface SessionInfo {
  run: string;
  role: ViewRole;
  /** why this role, for people */
  reason: string;
  controlVerbs: readonly string[];
  faultKinds: readonly string[];
  healthNames: readonly string[];
  fields: readonly string[];
  /** points sent to a page at most; a bigger fleet is sampled evenly */
  maxPoints: number;
  maxClients: number;
}

/** The `ids` stream message: the satellites of the following frames, in frame order. */
export interface IdsMessage {
  type: "ids";
  version: number;
  ids: string[];
  /** satellites in the run */
  total: number;
  /** every stride-th satellite is on view (1: all) */
  stride: number;
}

/** An error reply: `{ ok: false, error }` with a stable code and a message that names the limit or the fix. */
export interface ApiError {
  ok: false;
  error: { code: string; message: string };
}

export type StreamQueryT = Static<typeof StreamQuery>;
