import { Type } from "@sinclair/typebox";

/** Layout version of every message; bumped only for incompatible changes (docs/PROTOCOL.md). */
export const PROTOCOL_VERSION = 1;

export const Version = Type.Literal(PROTOCOL_VERSION, { description: "layout version" });
export const Token = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "lower-case kebab id" });
/** Largest tick a message may carry: 2^40 ticks are 35 years at the shortest tick (1 ms); beyond is forged or absurd. */
export const MAX_TICK = 2 ** 40;
export const Tick = Type.Integer({ minimum: 0, maximum: MAX_TICK, description: "tick number, 0 at the scenario epoch" });
/** Largest assignment epoch: one per reassignment, so 2^31 is never reached by a real run. */
export const MAX_EPOCH = 2 ** 31 - 1;
export const Epoch = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_EPOCH, description });
export const SimTimeMs = Type.Number({ description: "simulation time, ms since 1970-01-01T00:00:00Z (UTC)" });
export const Finite = (description: string) => Type.Number({ description });
export const Count = (description: string) => Type.Integer({ minimum: 0, description });
/** Little-endian IEEE-754 float64 column packed into MessagePack bin. */
export const Float64Column = (description: string) => Type.Uint8Array({ description: `${description}; bin of little-endian float64` });
/** Little-endian IEEE-754 float32 column: 7 significant digits (readings; orbit columns from telemetry layout 3). */
export const Float32Column = (description: string) => Type.Uint8Array({ description: `${description}; bin of little-endian float32` });
/** Little-endian uint16 column (counts). */
export const Uint16Column = (description: string) => Type.Uint8Array({ description: `${description}; bin of little-endian uint16` });
/** One byte per satellite, packed into MessagePack bin. */
export const Uint8Column = (description: string) => Type.Uint8Array({ description: `${description}; bin of uint8` });
