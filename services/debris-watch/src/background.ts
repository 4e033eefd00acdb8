/**
 * The background catalog from the scenario's `debris:` section: element files (TLE, OMM JSON or
 * KVN), other operators' shells generated as Walker patterns (neighbours), a synthetic
 * population, and planted intruders built to meet named fleet satellites.
 * Bad files fail with the file and the problem named.
 */
import { readFileSync } from "node:fs";
import { extname, isAbsolute, join } from "node:path";
import {
  generateDebrisPopulation,
  massFromSizeKg,
  parseOmmJson,
  walkerLayout,
  parseOmmKvn,
  parseTle,
  plantedEncounterElements,
  type MeanElements,
} from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError, parseDurationMs, type DebrisWatchConfig } from "@orbitwin/protocol";

export interface BackgroundObject {
  id: string;
  kind: "debris";
  elements: MeanElements;
  sizeM: number;
  massKg: number;
}

const DEFAULT_FILE_SIZE_M = 0.5;
const DEFAULT_PLANTED_SIZE_M = 1;
/** A neighbour satellite's characteristic length when the scenario gives none: a Starlink-class bus body (assumption). */
const DEFAULT_NEIGHBOUR_SIZE_M = 3;

export function readCatalogFile(path: string): MeanElements[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new OrbitwinError(ErrorCodes.invalidScenario, `debris catalog ${path}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    const ext = extname(path).toLowerCase();
    const elements = ext === ".json" ? parseOmmJson(text, path) : ext === ".kvn" || ext === ".omm" ? parseOmmKvn(text, path) : parseTle(text, path);
    if (elements.length > 0) return elements;
  } catch (err) {
    throw new OrbitwinError(ErrorCodes.invalidScenario, `debris catalog ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  throw new OrbitwinError(
    ErrorCodes.invalidScenario,
    `debris catalog ${path}: it holds no element sets: give a TLE, OMM JSON or OMM KVN file with at least one`,
  );
}

/** Everything but the planted intruders, which need the fleet first. */
export function loadBackground(config: DebrisWatchConfig | undefined, baseDir: string, seed: number, epochMs: number): BackgroundObject[] {
  const out: BackgroundObject[] = [];
  (config?.catalogs ?? []).forEach((c, fileIndex) => {
    const path = isAbsolute(c.file) ? c.file : join(baseDir, c.file);
    const sizeM = c.sizeM ?? DEFAULT_FILE_SIZE_M;
    readCatalogFile(path).forEach((elements, i) => {
      const norad = elements.noradId === undefined ? `${fileIndex}-${i}` : String(elements.noradId);
      out.push({ id: `cat-${norad}`, kind: "debris", elements, sizeM, massKg: massFromSizeKg(sizeM) });
    });
  });
  for (const n of config?.neighbours ?? []) {
    const sizeM = n.sizeM ?? DEFAULT_NEIGHBOUR_SIZE_M;
    const massKg = massFromSizeKg(sizeM);
    const layout = walkerLayout({
      planes: n.planes,
      satsPerPlane: n.satsPerPlane,
      phasing: n.phasing,
      altKm: n.altKm,
      inclinationDeg: n.inclinationDeg,
      epochMs,
      ...(n.thicknessKm === undefined ? {} : { thicknessKm: n.thicknessKm }),
      ...(n.layers === undefined ? {} : { layers: n.layers }),
      ...(n.raanOffsetDeg === undefined ? {} : { raanOffsetDeg: n.raanOffsetDeg }),
    });
    for (let p = 0; p < layout.planes; p++)
      layout.plane(p).forEach((elements, slot) => out.push({ id: `nb-${n.name}-p${p + 1}-s${slot + 1}`, kind: "debris", elements, sizeM, massKg }));
  }
  const synthetic = config?.synthetic;
  if (synthetic && synthetic.count > 0) {
    for (const d of generateDebrisPopulation({
      count: synthetic.count,
      seed,
      epochMs,
      ...(synthetic.minSizeM === undefined ? {} : { minSizeM: synthetic.minSizeM }),
    })) {
      out.push({ id: d.id, kind: "debris", elements: d.elements, sizeM: d.sizeM, massKg: d.massKg });
    }
  }
  return dedupeIds(out);
}

/** The same NORAD id in two files is one object: the first element set wins. */
function dedupeIds(objects: BackgroundObject[]): BackgroundObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)));
}

/** The planted intruders; a target that is not in the fleet is a problem named, not a failure. */
export function plantedIntruders(
  config: DebrisWatchConfig | undefined,
  epochMs: number,
  fleetElements: (sat: string) => MeanElements | undefined,
): { objects: BackgroundObject[]; problems: string[] } {
  const objects: BackgroundObject[] = [];
  const problems: string[] = [];
  (config?.planted ?? []).forEach((p, i) => {
    const target = fleetElements(p.target);
    if (!target) {
      problems.push(`/debris/planted/${i}/target: no fleet satellite ${p.target}; that intruder is left out`);
      return;
    }
    const sizeM = p.sizeM ?? DEFAULT_PLANTED_SIZE_M;
    const atMs = epochMs + parseDurationMs(p.at, `/debris/planted/${i}/at`);
    try {
      const elements = plantedEncounterElements({ target, atMs, crossingAngleDeg: p.crossingAngleDeg, missKm: p.missKm ?? 0, name: `planted-${i}` });
      objects.push({ id: `planted-${i}`, kind: "debris", elements, sizeM, massKg: massFromSizeKg(sizeM) });
    } catch (err) {
      problems.push(`/debris/planted/${i}: ${err instanceof Error ? err.message : String(err)}; that intruder is left out`);
    }
  });
  return { objects, problems };
}
