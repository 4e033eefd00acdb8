/**
 * Scenario field paths as a study names them: `bus.radiatorAreaM2`, `constellations[0].altKm`.
 * A path sets one field of the scenario file; whether the value fits is the scenario schema's
 * call, once every value is in place.
 */

/** A parsed path: mapping keys (strings) and list indices (numbers). */
export type FieldPath = readonly (string | number)[];

const SEGMENT = /^([A-Za-z][A-Za-z0-9]*)((?:\[\d+\])*)$/;

/** Parses `a.b[0].c`; returns the problem in words when it is not a path. */
export function parseFieldPath(text: string): FieldPath | string {
  if (text.length === 0 || text.length > 200) return "must be a field path such as bus.radiatorAreaM2 or constellations[0].altKm";
  const path: (string | number)[] = [];
  for (const part of text.split(".")) {
    const match = SEGMENT.exec(part);
    if (!match) return `"${part}" is not a field name (letters and digits) with optional [index]es`;
    path.push(match[1]!);
    for (const index of (match[2] ?? "").matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** The JSON-pointer form a scenario error uses (`/constellations/0/altKm`), so the two read alike. */
export function pointerOf(path: FieldPath): string {
  return "/" + path.join("/");
}

type Plain = Record<string, unknown>;
const isMapping = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Sets `value` at `path` in `file` (changed in place). Missing mappings on the way are created (a
 * bus override on a scenario without one); a list index must exist, since a new list entry would
 * need every one of its required fields. Returns the problem in words, else undefined.
 */
export function setField(file: Plain, path: FieldPath, value: unknown): string | undefined {
  let node: unknown = file;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = path[i + 1]!;
    const where = pointerOf(path.slice(0, i + 1));
    if (typeof key === "number") {
      if (!Array.isArray(node) || key >= node.length) return `${where}: no such list entry (the scenario has ${Array.isArray(node) ? node.length : 0})`;
      node = node[key];
      continue;
    }
    if (!isMapping(node)) return `${pointerOf(path.slice(0, i))}: not a mapping, so it has no field ${key}`;
    if (node[key] === undefined) {
      if (typeof next === "number") return `${where}: the scenario has no such list`;
      node[key] = {};
    }
    node = node[key];
  }
  const last = path[path.length - 1]!;
  if (typeof last === "number") {
    if (!Array.isArray(node) || last >= node.length) return `${pointerOf(path)}: no such list entry`;
    node[last] = value;
  } else {
    if (!isMapping(node)) return `${pointerOf(path.slice(0, -1))}: not a mapping, so it has no field ${last}`;
    node[last] = value;
  }
  return undefined;
}
