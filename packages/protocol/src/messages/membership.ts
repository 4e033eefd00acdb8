import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Reply } from "./reply.js";
import { Count, SimTimeMs, Tick, Token, Version, Epoch } from "./common.js";

/** Fleet host -> coordinator on `host.heartbeat`, every heartbeat interval. */
export const HostHeartbeatSchema = Type.Object(
  {
    v: Version,
    host: Token,
    seq: Count("heartbeat sequence number of this host process"),
    pid: Count("process id"),
    hostname: Type.String({ maxLength: 255, description: "machine name" }),
    startedAtMs: Type.Number({ description: "wall time the host started, ms since 1970 UTC" }),
    clusters: Type.Array(Token, { maxItems: 100_000, description: "clusters the host currently owns" }),
    epoch: Epoch("assignment epoch the host is on"),
  },
  { additionalProperties: false },
);
export type HostHeartbeat = Static<typeof HostHeartbeatSchema>;
export const hostHeartbeat = defineMessage("host-heartbeat", "internal", HostHeartbeatSchema, { subject: subjects.hostHeartbeat, maxBytes: 1024 * 1024 });

/**
 * Coordinator -> one host on `host.assign.<host>`: from `epoch` on, own exactly `clusters`, with
 * state as of tick `tick` (simulation time `simTimeMs`). Definitions are in the clusters bucket.
 */
export const HostAssignSchema = Type.Object(
  {
    v: Version,
    run: Token,
    epoch: Epoch("assignment epoch; strictly increasing per run"),
    tick: Tick,
    simTimeMs: SimTimeMs,
    clusters: Type.Array(Token, { maxItems: 100_000, description: "every cluster the host owns from now on" }),
    sampleEveryTicks: Type.Optional(Count("also publish each cluster's batch on sample.<cluster> when tick % this == 0; 0 or absent = never")),
  },
  { additionalProperties: false },
);
export type HostAssign = Static<typeof HostAssignSchema>;
export const hostAssign = defineMessage("host-assign", "public", HostAssignSchema, { subject: subjects.hostAssign, maxBytes: 1024 * 1024 });

export const HostAssignResultSchema = Type.Object(
  {
    host: Token,
    epoch: Epoch("the epoch now in force"),
    clusters: Count("clusters owned"),
    satellites: Count("satellites owned"),
  },
  { additionalProperties: false },
);
export const hostAssignReply = defineMessage("host-assign-reply", "public", Reply(HostAssignResultSchema));
