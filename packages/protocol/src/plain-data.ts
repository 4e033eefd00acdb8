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

/** Keys a plain object may not have: each reaches an object's prototype when assigned. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Returns undefined when `value` is plain data, else a reason naming the path. */
export function plainDataProblem(value: unknown, limits: PlainDataLimits = defaultPlainDataLimits): string | undefined {
  const problem = check(value, 0, limits);
  return problem && `${pathOf(problem.at)} ${problem.what}`;
}

/** What is wrong and where: the keys and indices from the root, innermost first (built on the way out). */
interface Problem {
  what: string;
  at: (string | number)[];
}

// The path is built only when something is wrong: a batch of 1,000 satellite ids is checked
// without making 1,000 path strings.
function check(value: unknown, depth: number, limits: PlainDataLimits): Problem | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case "string":
    case "boolean":
    case "number":
      return undefined;
    case "bigint":
      return { what: "is a 64-bit integer outside the safe range", at: [] };
    case "object":
      break;
    default:
      return { what: `has unsupported type ${typeof value}`, at: [] };
  }
  if (depth >= limits.maxDepth) return { what: `nests deeper than ${limits.maxDepth} levels`, at: [] };
  if (value instanceof Uint8Array) {
    return Object.getPrototypeOf(value) === Uint8Array.prototype || isNodeBuffer(value) ? undefined : { what: "is a typed array subclass", at: [] };
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return { what: "is not a plain array", at: [] };
    if (value.length > limits.maxLength) return { what: `has ${value.length} elements, over ${limits.maxLength}`, at: [] };
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Strings, numbers and booleans are plain: no call for each of a column's values.
      if (
        item === null ||
        (typeof item !== "object" && typeof item !== "bigint" && typeof item !== "function" && typeof item !== "symbol" && typeof item !== "undefined")
      )
        continue;
      const problem = check(item, depth + 1, limits);
      if (problem) return (problem.at.push(i), problem);
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return { what: `is a ${describe(value)}, not a plain object`, at: [] };
  const keys = Object.keys(value);
  if (keys.length > limits.maxLength) return { what: `has ${keys.length} keys, over ${limits.maxLength}`, at: [] };
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) return { what: `has the forbidden key ${key}`, at: [] };
    const problem = check((value as Record<string, unknown>)[key], depth + 1, limits);
    if (problem) return (problem.at.push(key), problem);
  }
  return undefined;
}

function pathOf(at: readonly (string | number)[]): string {
  let path = "$";
  for (let k = at.length - 1; k >= 0; k--) path += typeof at[k] === "number" ? `[${at[k]}]` : `.${at[k]}`;
  return path;
}

function isNodeBuffer(value: Uint8Array): boolean {
  return typeof Buffer !== "undefined" && Buffer.isBuffer(value);
}

function describe(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" ? ctor.name : "non-plain object";
}
