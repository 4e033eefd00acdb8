import { Type, type Static, type TSchema } from "@sinclair/typebox";

export const WireErrorSchema = Type.Object(
  {
    code: Type.String({ description: "stable error code, e.g. ORBITWIN_UNKNOWN_SAT" }),
    message: Type.String({ description: "what is wrong and how to fix it" }),
    retryable: Type.Boolean({ description: "true when the same request may succeed later" }),
  },
  { additionalProperties: false },
);

/** Every request-reply answer: `{ ok: true, result }` or `{ ok: false, error }`. */
export const Reply = <T extends TSchema>(result: T) =>
  Type.Union([
    Type.Object({ ok: Type.Literal(true), result }, { additionalProperties: false }),
    Type.Object({ ok: Type.Literal(false), error: WireErrorSchema }, { additionalProperties: false }),
  ]);

export type ReplyOf<T> = { ok: true; result: T } | { ok: false; error: Static<typeof WireErrorSchema> };
