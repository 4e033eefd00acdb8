/**
 * What the fuzz sends: fast-check arbitraries of (subject, bytes) over the inbound catalogue.
 * Random bytes; a message of the subject's own shape (one the run really sent, else a default of
 * its schema) with mutations: wrong types, missing and extra fields (`__proto__`, `constructor`,
 * `prototype`), NaN, ±Infinity, -0, huge numbers, huge arrays, long strings, deep nesting; the
 * same as JSON text or cut short; real messages replayed (duplicated, out of order, on the wrong
 * subject); forgeries, valid messages no one of the run may send (see `forged`). Every payload
 * stays under MAX_FUZZ_PAYLOAD_BYTES: a flood of big payloads is the
 * admission limits' business (issue 16, "payload bytes per subject"), not this suite's.
 */
import fc from "fast-check";
import { Value } from "@sinclair/typebox/value";
import { EventOwners, EventPublishers, decodeUntrusted, encodeMessage, orbitwinEvent, participantHeartbeat, type EventKind } from "@orbitwin/protocol";
import type { InboundTarget } from "./inbound-catalogue.js";

export const MAX_FUZZ_PAYLOAD_BYTES = 64 * 1024;

export const PayloadKinds = ["random-bytes", "mutated", "json-text", "truncated", "replay", "wrong-subject", "forgery"] as const;
export type PayloadKind = (typeof PayloadKinds)[number];

export interface FuzzMessage {
  target: InboundTarget;
  kind: PayloadKind;
  data: Uint8Array;
}

/** Real messages of the run, by subject (captured before the fuzz starts). */
export type Captured = ReadonlyMap<string, readonly Uint8Array[]>;

const WEIRD_VALUES: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  -1,
  0.5,
  "",
  "Not A Token!",
  "\u0000\uffff",
  "x".repeat(300),
  true,
  null,
  [],
  {},
  [[[]]],
  { v: 1 },
];
/** A fresh copy: a shared array or object mutated later would leak into every other message. */
const weirdValue = (pick: number): unknown => structuredClone(WEIRD_VALUES[pick % WEIRD_VALUES.length]);

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf", "", "extra"] as const;

const SMALL_MUTATIONS = ["set", "delete", "add-key", "replace-root"] as const;
const BIG_MUTATIONS = ["huge-array", "long-string", "deep"] as const;

interface Mutation {
  op: (typeof SMALL_MUTATIONS)[number] | (typeof BIG_MUTATIONS)[number];
  /** which node of the value (index into its paths, modulo) */
  at: number;
  /** which weird value or hostile key */
  pick: number;
  /** how big (array length, string length, depth), modulo a bound */
  size: number;
}

/** Big payloads one time in ten: enough to test the limits, few enough that 10^5 messages stay cheap. */
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...SMALL_MUTATIONS) }, { weight: 1, arbitrary: fc.constantFrom(...BIG_MUTATIONS) }),
  at: fc.nat(),
  pick: fc.nat(),
  size: fc.nat(),
});

type Path = (string | number)[];

/** Paths to the nodes of a plain value, root first, breadth first, at most 256. */
function pathsOf(value: unknown): Path[] {
  const out: Path[] = [[]];
  for (let i = 0; i < out.length && out.length < 256; i++) {
    const node = nodeAt(value, out[i]!);
    if (node !== null && typeof node === "object" && !(node instanceof Uint8Array))
      for (const key of Object.keys(node)) out.push([...out[i]!, Array.isArray(node) ? Number(key) : key]);
  }
  return out.slice(0, 256);
}

function nodeAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** An own, enumerable property even for `__proto__`, so the encoder writes it as a key. */
function defineKey(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nest(value: unknown, depth: number, asArray: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = asArray ? [out] : { a: out };
  return out;
}

/** Applies one mutation to `root` (a fresh copy) and returns the new root. */
function mutate(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length]!;
  const weird = weirdValue(m.pick);
  const replacement = (() => {
    switch (m.op) {
      case "set":
      case "replace-root":
        return weird;
      case "huge-array":
        return Array.from({ length: 1000 + (m.size % 12_000) }, (_, i) => (m.pick % 2 === 0 ? i : `t${i % 100}`));
      case "long-string":
        return (m.pick % 2 === 0 ? "x" : "é").repeat(1000 + (m.size % 25_000));
      case "deep":
        return nest(nodeAt(root, path), 8 + (m.size % 40), m.pick % 2 === 0);
      default:
        return undefined;
    }
  })();
  if (m.op === "replace-root" || path.length === 0) return m.op === "delete" ? null : m.op === "add-key" ? withKey(root, m) : replacement;
  const parent = nodeAt(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path.at(-1)!;
  if (m.op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.op === "add-key") {
    const node = nodeAt(root, path);
    if (node !== null && typeof node === "object") withKey(node, m);
  } else defineKey(parent, key, replacement);
  return root;
}

function withKey(node: unknown, m: Mutation): unknown {
  if (node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) node.push(weirdValue(m.size));
  else defineKey(node, HOSTILE_KEYS[m.pick % HOSTILE_KEYS.length]!, weirdValue(m.size));
  return node;
}

/** Decoded real messages by subject, decoded once: a fresh decoder per message would cost more than the rest. */
type Bases = Map<string, unknown[]>;

function decodedBases(captured: Captured, targets: readonly InboundTarget[]): Bases {
  const bases: Bases = new Map();
  for (const target of targets) {
    const values = (captured.get(target.subject) ?? []).flatMap((bytes) => {
      try {
        return [decodeUntrusted(bytes, target.subject, undefined, target.descriptor.codec)];
      } catch {
        return [];
      }
    });
    if (values.length > 0) bases.set(target.subject, values);
  }
  return bases;
}

const schemaDefaults = new Map<InboundTarget["descriptor"], unknown>();

/** A schema's default value, or `{}` where it has none (token patterns have no default); made once per message. */
function schemaDefault(descriptor: InboundTarget["descriptor"]): unknown {
  if (!schemaDefaults.has(descriptor)) {
    let value: unknown = {};
    try {
      value = Value.Create(descriptor.schema);
    } catch {
      // Keep `{}`: the mutations make something of it all the same.
    }
    schemaDefaults.set(descriptor, value);
  }
  return schemaDefaults.get(descriptor);
}

/** A valid-looking starting point for the subject (a fresh copy): a real message of the run, else its schema's default. */
function baseValue(target: InboundTarget, bases: Bases, pick: number): unknown {
  const real = bases.get(target.subject);
  return structuredClone(real ? real[pick % real.length] : schemaDefault(target.descriptor));
}

function capped(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength > MAX_FUZZ_PAYLOAD_BYTES ? bytes.slice(0, MAX_FUZZ_PAYLOAD_BYTES) : bytes;
}

function encodeLoosely(value: unknown, internal: boolean): Uint8Array {
  try {
    return capped(encodeMessage(value, internal ? "internal" : "public"));
  } catch {
    return new Uint8Array([0xc1]);
  }
}

/** A plan for one message; turned into bytes by `build`, so a seed reproduces it exactly. */
const planArb = fc.record({
  routePick: fc.nat(),
  targetPick: fc.nat(),
  kind: fc.oneof(
    { weight: 3, arbitrary: fc.constant<PayloadKind>("random-bytes") },
    { weight: 10, arbitrary: fc.constant<PayloadKind>("mutated") },
    { weight: 1, arbitrary: fc.constant<PayloadKind>("json-text") },
    { weight: 1, arbitrary: fc.constant<PayloadKind>("truncated") },
    { weight: 3, arbitrary: fc.constant<PayloadKind>("replay") },
    { weight: 2, arbitrary: fc.constant<PayloadKind>("wrong-subject") },
    { weight: 1, arbitrary: fc.constant<PayloadKind>("forgery") },
  ),
  // Random bytes from a seed, not byte by byte: fast-check spends a microsecond per generated value.
  bytesSeed: fc.integer({ min: 1, max: 0x7fffffff }),
  bytesLength: fc.nat({ max: 256 }),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
  pick: fc.nat(),
  otherCodec: fc.boolean(),
});
type Plan = typeof planArb extends fc.Arbitrary<infer P> ? P : never;

/** `length` pseudo-random bytes from `seed` (xorshift32): reproducible, and cheap at 10^6 messages. */
function randomBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Far past any real process's start (2096): a forged restart is always later than the process it claims to replace. */
const FORGED_START_MS = 4e12;

/** A source that does not own `kind`: another service of the twin, or none of them when they all own it. */
function notAnOwner(kind: string, pick: number): string {
  const owners: readonly string[] = Object.hasOwn(EventOwners, kind) ? EventOwners[kind as EventKind] : EventPublishers;
  const others = EventPublishers.filter((p) => !owners.includes(p));
  const other = others.length === 0 ? "intruder" : others[pick % others.length]!;
  return other === "fleet" ? "fleet/intruder" : other;
}

/**
 * A forgery for `target`, or undefined where none is written: a participant heartbeat in the
 * name the subject carries (an id the run does not take, or a "restart" of a real one heard once:
 * a process is taken in only at its second heartbeat), or an event raised by a source that does
 * not own its kind (its readers leave it unread).
 */
function forged(target: InboundTarget, plan: Plan): unknown {
  const [, run, family] = target.subject.split(".");
  const token = target.subject.slice(target.subject.lastIndexOf(".") + 1);
  if (target.descriptor === participantHeartbeat)
    return { v: 1, participant: token, role: token, seq: plan.pick % 1000, startedAtMs: FORGED_START_MS + plan.bytesSeed };
  if (target.descriptor === orbitwinEvent && family === "evt")
    return { v: 1, run, kind: token, tick: 0, simTimeMs: 0, source: notAnOwner(token, plan.pick), severity: "warning", message: "forged", data: {} };
  return undefined;
}

/** Targets grouped by route: each route gets an equal share, whether it has 1 subject (ctl.pause) or 36 (evt.<kind>). */
function byRoute(targets: readonly InboundTarget[]): InboundTarget[][] {
  const groups = new Map<string, InboundTarget[]>();
  for (const t of targets) groups.set(t.route, [...(groups.get(t.route) ?? []), t]);
  return [...groups.values()];
}

function build(plan: Plan, routes: readonly InboundTarget[][], captured: Captured, bases: Bases, allCaptured: readonly Uint8Array[]): FuzzMessage {
  const route = routes[plan.routePick % routes.length]!;
  const target = route[plan.targetPick % route.length]!;
  const internal = (target.descriptor.codec === "internal") !== plan.otherCodec;
  const real = captured.get(target.subject) ?? [];
  const bytes = () => randomBytes(plan.bytesSeed, plan.bytesLength);
  const forgery = plan.kind === "forgery" ? forged(target, plan) : undefined;
  // With no real message to replay, the bytes are random and must be checked like any other:
  // unchecked, 0x80 (an empty map) once went out as a valid `ctl.resume` and resumed the run.
  const kind: PayloadKind =
    plan.kind === "replay" && real.length === 0 ? "random-bytes" : plan.kind === "forgery" && forgery === undefined ? "mutated" : plan.kind;
  const data = (() => {
    switch (kind) {
      case "random-bytes":
        return bytes();
      case "mutated":
        return encodeLoosely(
          plan.mutations.reduce((v, m) => mutate(v, m), baseValue(target, bases, plan.pick)),
          internal,
        );
      case "json-text": {
        const value = plan.mutations.reduce((v, m) => mutate(v, m), baseValue(target, bases, plan.pick));
        return capped(new TextEncoder().encode(JSON.stringify(value) ?? "null"));
      }
      case "truncated": {
        const whole = encodeLoosely(baseValue(target, bases, plan.pick), internal);
        return whole.slice(0, plan.pick % Math.max(1, whole.byteLength));
      }
      case "replay":
        return real[plan.pick % real.length]!;
      case "wrong-subject":
        return allCaptured.length > 0 ? allCaptured[plan.pick % allCaptured.length]! : bytes();
      case "forgery":
        return encodeLoosely(forgery, target.descriptor.codec === "internal");
    }
  })();
  return { target, kind, data };
}

/**
 * The fuzz messages of one batch: the plans are reproducible from `seed`; the real messages they
 * start from are the run's own (heartbeats carry pids and wall times), so bytes may differ from
 * run to run where a plan starts from one.
 */
export function fuzzBatch(options: { seed: number; count: number; targets: readonly InboundTarget[]; captured: Captured }): FuzzMessage[] {
  // By subject, not by arrival: the same seed then picks the same kind of message.
  const allCaptured = [...options.captured.keys()].sort().flatMap((subject) => options.captured.get(subject)!);
  const bases = decodedBases(options.captured, options.targets);
  const routes = byRoute(options.targets);
  return fc.sample(planArb, { seed: options.seed, numRuns: options.count }).map((plan) => build(plan, routes, options.captured, bases, allCaptured));
}
