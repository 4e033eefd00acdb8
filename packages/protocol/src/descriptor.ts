/**
 * A message descriptor ties a message's name, codec and validator together, so that the one
 * way to read bytes off the bus is decode -> guard -> schema.
 */
import type { Static, TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { decodeUntrusted, defaultDecodeLimits, encodeMessage, type CodecKind, type DecodeLimits } from "./codec.js";
import { InvalidMessageError } from "./errors.js";

export interface MessageDescriptor<T> {
  /** Stable message name, also the JSON Schema file name. */
  readonly name: string;
  readonly codec: CodecKind;
  readonly schema: TSchema;
  encode(message: T): Uint8Array;
  /** Decodes and validates untrusted bytes; throws an OrbitwinError naming what is wrong. */
  decode(bytes: Uint8Array, limits?: DecodeLimits): T;
  /** Validates an already-decoded value (for messages nested in others, or files). */
  validate(value: unknown, what?: string): T;
}

const MAX_REPORTED_PROBLEMS = 8;

export interface MessageOptions {
  /** Largest accepted encoding of this message, bytes. @default 8 MiB */
  maxBytes?: number;
}

export function defineMessage<S extends TSchema>(name: string, codec: CodecKind, schema: S, options: MessageOptions = {}): MessageDescriptor<Static<S>> {
  const ownLimits: DecodeLimits = { ...defaultDecodeLimits, maxBytes: options.maxBytes ?? defaultDecodeLimits.maxBytes };
  const checker = TypeCompiler.Compile(schema);
  const validate = (value: unknown, what: string = name): Static<S> => {
    if (checker.Check(value)) return value;
    const problems: string[] = [];
    for (const error of checker.Errors(value)) {
      problems.push(`${error.path || "/"}: ${error.message}`);
      if (problems.length >= MAX_REPORTED_PROBLEMS) break;
    }
    throw new InvalidMessageError(what, problems);
  };
  return Object.freeze({
    name,
    codec,
    schema,
    encode: (message: Static<S>) => encodeMessage(message, codec),
    decode: (bytes: Uint8Array, limits: DecodeLimits = ownLimits) => validate(decodeUntrusted(bytes, name, limits, codec)),
    validate,
  });
}
