/**
 * Vallado et al., "Revisiting Spacetrack Report #3", AIAA 2006-6753: every element set of
 * SGP4-VER.TLE against every state in tcppver.out (TEME, improved mode, WGS-72), as shipped by
 * the python-sgp4 project. Tolerances from shared/reference/physics-cases.md case 4.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sgp4 } from "satellite.js";
import { satrecFromTle } from "./elements.js";

const referenceDir = fileURLToPath(new URL("../../../../shared/reference/", import.meta.url));
const POSITION_TOLERANCE_KM = 1e-5;
const VELOCITY_TOLERANCE_KMS = 1e-8;

interface Case {
  id: string;
  line1: string;
  line2: string;
  /** [tsinceMin, x, y, z, vx, vy, vz] */
  states: number[][];
  /** minutes between listed states (the element file's step column) */
  stepMin: number;
}

/** Pairs the element sets and the output blocks in file order (20413 appears twice). */
function loadReference(): Case[] {
  const tlePath = `${referenceDir}SGP4-VER.TLE`;
  const outPath = `${referenceDir}tcppver.out`;
  if (!existsSync(tlePath) || !existsSync(outPath)) {
    throw new Error(`Vallado's verification set is missing at ${referenceDir}: the repository expects shared/ beside it`);
  }
  const sets: { id: string; line1: string; line2: string; stepMin: number }[] = [];
  const lines = readFileSync(tlePath, "utf8").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("1 ") && lines[i + 1]?.startsWith("2 ")) {
      const line2 = lines[i + 1]!;
      sets.push({ id: String(Number(line.slice(2, 7))), line1: line.slice(0, 69), line2: line2.slice(0, 69), stepMin: Number(line2.slice(69).trim().split(/\s+/)[2]) });
      i++;
    }
  }
  const blocks: { id: string; states: number[][] }[] = [];
  for (const line of readFileSync(outPath, "utf8").split(/\r?\n/)) {
    const header = /^\s*(\d+)\s+xx\s*$/.exec(line);
    if (header) {
      blocks.push({ id: header[1]!, states: [] });
      continue;
    }
    const fields = line.trim().split(/\s+/).slice(0, 7).map(Number);
    if (blocks.length > 0 && fields.length === 7 && fields.every(Number.isFinite)) blocks[blocks.length - 1]!.states.push(fields);
  }
  if (blocks.length !== sets.length) throw new Error(`tcppver.out has ${blocks.length} cases, SGP4-VER.TLE ${sets.length}`);
  return blocks.map((b, i) => {
    const set = sets[i]!;
    if (set.id !== b.id) throw new Error(`case ${i}: element set ${set.id} but output block ${b.id}`);
    return { ...set, states: b.states };
  });
}

/**
 * The cases the file marks as error checks. 33333 ("check error code 4"): Vallado lists states
 * to 20 min, and SGP4 must then fail with code 4 (semi-latus rectum below zero). 33334 ("try and
 * check error code 2"): Vallado's driver prints the epoch state before its error; satellite.js
 * refuses the set at the epoch already (code 3, perturbed eccentricity out of range). Either way
 * the set is rejected at once; that is what is checked for it.
 */
const ERROR_CASES: Record<string, { code: number; atMin: number }> = {
  "33333": { code: 4, atMin: 25 },
  "33334": { code: 3, atMin: 0 },
};

const cases = loadReference();

describe("SGP4 against Vallado's verification set", () => {
  it("reads all 33 cases", () => {
    expect(cases).toHaveLength(33);
  });

  it.each(cases.filter((c) => !ERROR_CASES[c.id]).map((c, i) => [`${c.id}#${i}`, c] as const))("matches Vallado's vectors for %s at every listed time", (_name, c) => {
    const satrec = satrecFromTle(c.line1, c.line2);
    expect(c.states.length).toBeGreaterThan(0);
    for (const [tsince, x, y, z, vx, vy, vz] of c.states) {
      const pv = sgp4(satrec, tsince!);
      expect(pv, `${c.id} at ${tsince} min propagated`).toBeTruthy();
      const p = pv!.position;
      const v = pv!.velocity;
      const dr = Math.max(Math.abs(p.x - x!), Math.abs(p.y - y!), Math.abs(p.z - z!));
      const dv = Math.max(Math.abs(v.x - vx!), Math.abs(v.y - vy!), Math.abs(v.z - vz!));
      expect(dr, `${c.id} position at ${tsince} min`).toBeLessThan(POSITION_TOLERANCE_KM);
      expect(dv, `${c.id} velocity at ${tsince} min`).toBeLessThan(VELOCITY_TOLERANCE_KMS);
    }
  });

  it.each(Object.entries(ERROR_CASES))("rejects the error-check case %s where the reference stops", (id, expected) => {
    const c = cases.find((x) => x.id === id)!;
    const satrec = satrecFromTle(c.line1, c.line2);
    for (const [tsince, x] of c.states.filter(([t]) => t! < expected.atMin)) {
      expect(sgp4(satrec, tsince!)?.position.x).toBeCloseTo(x!, 5);
    }
    expect(sgp4(satrec, expected.atMin)).toBeNull();
    expect(satrec.error).toBe(expected.code);
  });

  it("matches Vallado's vector for 00005 at 360 min (physics-cases 4)", () => {
    const c = cases.find((x) => x.id === "5")!;
    const pv = sgp4(satrecFromTle(c.line1, c.line2), 360)!;
    expect(pv.position.x).toBeCloseTo(-7154.03120202, 5);
    expect(pv.position.y).toBeCloseTo(-3783.17682504, 5);
    expect(pv.position.z).toBeCloseTo(-3536.19412294, 5);
    expect(pv.velocity.x).toBeCloseTo(4.741887409, 8);
  });
});
