/**
 * A guard between msgpackr's decoder and the validators. msgpackr can turn untrusted bytes into
 * Date, RegExp, Error, Set, Map and cyclic graphs; orbitwin messages are plain data only.
 */
export interface PlainDataLimits {
  /** @default 16 nesting levels */
  maxDepth: number;
  /** @default 1_000_000 elements in any one array or keys in one object */
  maxLength: number;
}

export const defaultPlainDataLimits: PlainDataLimits = Object.freeze({ maxDepth: 16, maxLength: 1_000_000 });

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Returns undefined when `value` is plain data, else a reason naming the path. */
export function plainDataProblem(value: unknown, limits: PlainDataLimits = defaultPlainDataLimits): string | undefined {
  return check(value, "$", 0, limits);
}

function check(value: unknown, path: string, depth: number, limits: PlainDataLimits): string | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return undefined;
    case "bigint":
      return `${path} is a 64-bit integer outside the safe range`;
    case "object":
      break;
    default:
      return `${path} has unsupported type ${typeof value}`;
  }
  if (depth >= limits.maxDepth) return `${path} nests deeper than ${limits.maxDepth} levels`;
  if (value instanceof Uint8Array) {
    return Object.getPrototypeOf(value) === Uint8Array.prototype || isNodeBuffer(value) ? undefined : `${path} is a typed array subclass`;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return `${path} is not a plain array`;
    if (value.length > limits.maxLength) return `${path} has ${value.length} elements, over ${limits.maxLength}`;
    for (let i = 0; i < value.length; i++) {
      const problem = check(value[i], `${path}[${i}]`, depth + 1, limits);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${describe(value)}, not a plain object`;
  const keys = Object.keys(value);
  if (keys.length > limits.maxLength) return `${path} has ${keys.length} keys, over ${limits.maxLength}`;
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) return `${path} has the forbidden key ${key}`;
    const problem = check((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1, limits);
    if (problem) return problem;
  }
  return undefined;
}

function isNodeBuffer(value: Uint8Array): boolean {
  return typeof Buffer !== "undefined" && Buffer.isBuffer(value);
}

function describe(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" ? ctor.name : "non-plain object";
}
