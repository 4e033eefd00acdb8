/**
 * A message descriptor ties a message's name, subject, codec and validator together, so that the
 * one way to read bytes off the bus is decode -> guard -> schema, and the subject a message
 * travels on is said once, next to its schema.
 */
import type { Static, TSchema } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { decodeUntrusted, defaultDecodeLimits, encodeMessage, type CodecKind, type DecodeLimits } from "./codec.js";
import { InvalidMessageError } from "./errors.js";

/** A builder from subjects.ts: the run id, then the subject's own tokens. */
export type SubjectBuilder = (run: string, ...tokens: never[]) => string;

export interface MessageDescriptor<T, B extends SubjectBuilder | undefined = SubjectBuilder | undefined> {
  /** Stable message name, also the JSON Schema file name. */
  readonly name: string;
  readonly codec: CodecKind;
  readonly schema: TSchema;
  /**
   * Builds the subject the message is published on (a subjects.ts builder). Undefined for
   * replies (they go to the requester's inbox), stored values (KV) and bodies several endpoints take.
   */
  readonly subject: B;
  /** Further subjects the same message is published on (a cluster batch's sampled copy). */
  readonly alsoOn: readonly SubjectBuilder[];
  encode(message: T): Uint8Array;
  /** Decodes and validates untrusted bytes; throws an OrbitwinError naming what is wrong. */
  decode(bytes: Uint8Array, limits?: DecodeLimits): T;
  /** Validates an already-decoded value (for messages nested in others, or files). */
  validate(value: unknown, what?: string): T;
}

const MAX_REPORTED_PROBLEMS = 8;

export interface MessageOptions<B extends SubjectBuilder | undefined> {
  /** The subjects.ts builder of the subject it is published on. @default undefined (a reply or a stored value) */
  subject?: B;
  /** Further subjects it is published on as well. @default [] */
  alsoOn?: readonly SubjectBuilder[];
  /** Largest accepted encoding of this message, bytes. @default 8 MiB */
  maxBytes?: number;
  /** A faster encoder of the same bytes as the codec's (a hot message's own). @default encodeMessage */
  encode?: (message: unknown) => Uint8Array;
}

/**
 * A compiled check of `schema` that returns the value typed, or throws InvalidMessageError naming
 * up to 8 problems. Compiled at its first use: a process reads a few of the catalogue's messages,
 * and compiling all of them cost every service ~140 ms of CPU at start.
 */
export function schemaValidator<S extends TSchema>(schema: S, name: string): (value: unknown, what?: string) => Static<S> {
  let compiled: TypeCheck<S> | undefined;
  return (value: unknown, what: string = name): Static<S> => {
    const checker = (compiled ??= TypeCompiler.Compile(schema));
    if (checker.Check(value)) return value;
    const problems: string[] = [];
    for (const error of checker.Errors(value)) {
      problems.push(`${error.path || "/"}: ${error.message}`);
      if (problems.length >= MAX_REPORTED_PROBLEMS) break;
    }
    throw new InvalidMessageError(what, problems);
  };
}

export function defineMessage<S extends TSchema, B extends SubjectBuilder | undefined = undefined>(
  name: string,
  codec: CodecKind,
  schema: S,
  options: MessageOptions<B> = {},
): MessageDescriptor<Static<S>, B> {
  const ownLimits: DecodeLimits = { ...defaultDecodeLimits, maxBytes: options.maxBytes ?? defaultDecodeLimits.maxBytes };
  const validate = schemaValidator(schema, name);
  return Object.freeze({
    name,
    codec,
    schema,
    subject: options.subject as B,
    alsoOn: Object.freeze([...(options.alsoOn ?? [])]),
    encode: options.encode ?? ((message: Static<S>) => encodeMessage(message, codec)),
    decode: (bytes: Uint8Array, limits: DecodeLimits = ownLimits) => validate(decodeUntrusted(bytes, name, limits, codec)),
    validate,
  });
}
