/**
 * Turns a validated scenario into cluster definitions: generated constellations (Walker delta, a
 * Suncatcher-style formation) and element files (TLE, CCSDS OMM JSON). Walker clusters are orbital
 * planes; element-file satellites are grouped by right ascension of the node so a cluster is
 * close to a plane. Satellite and cluster ids are stable functions of the scenario.
 */
import { busPresets, parseOmmJson, parseTle, suncatcherFormation, walkerDelta, type MeanElements } from "@orbitwin/physics";
import { InvalidScenarioError, clusterDefinitionOf, type ClusterDefinition, type ConstellationSpec, type Scenario } from "@orbitwin/protocol";

export interface ExpansionOptions {
  run: string;
  /** Reads an element file named in the scenario (path as written there); only main passes fs. */
  readElementFile(path: string): string;
  /** Scenario source name, for error messages. */
  source: string;
}

interface NamedElements {
  sat: string;
  elements: MeanElements;
}

export function expandScenario(scenario: Scenario, options: ExpansionOptions): ClusterDefinition[] {
  const clusters: ClusterDefinition[] = [];
  let firstEntity = 0;
  scenario.constellations.forEach((spec, index) => {
    const groups = groupsOf(spec, scenario, options, index);
    const bus = spec.bus ?? scenario.bus;
    if (bus && !busPresets[bus.preset]) {
      const where = spec.bus ? `/constellations/${index}/bus/preset` : "/bus/preset";
      throw new InvalidScenarioError(options.source, [`${where}: "${bus.preset}" is not a bus preset; use one of ${Object.keys(busPresets).join(", ")}`]);
    }
    for (const [cluster, members] of groups) {
      clusters.push(
        clusterDefinitionOf({
          run: options.run,
          constellation: spec.name,
          cluster,
          satIds: members.map((m) => m.sat),
          elements: members.map((m) => m.elements),
          ...(bus ? { bus, firstEntity, seed: scenario.seed } : {}),
        }),
      );
      firstEntity += members.length;
    }
  });
  return clusters;
}

function groupsOf(spec: ConstellationSpec, scenario: Scenario, options: ExpansionOptions, index: number): [string, NamedElements[]][] {
  const where = `/constellations/${index}`;
  switch (spec.kind) {
    case "walker": {
      const elements = generate(() =>
        walkerDelta({
          planes: spec.planes,
          satsPerPlane: spec.satsPerPlane,
          phasing: spec.phasing,
          altKm: spec.altKm,
          inclinationDeg: spec.inclinationDeg,
          epochMs: scenario.epochMs,
          ...(spec.raanOffsetDeg === undefined ? {} : { raanOffsetDeg: spec.raanOffsetDeg }),
          ...(spec.bstar === undefined ? {} : { bstar: spec.bstar }),
        }),
        options.source,
        where,
      );
      const planeWidth = digits(spec.planes);
      const slotWidth = digits(spec.satsPerPlane);
      const groups: [string, NamedElements[]][] = [];
      for (let p = 0; p < spec.planes; p++) {
        const plane = `${spec.name}-p${pad(p + 1, planeWidth)}`;
        const members = elements.slice(p * spec.satsPerPlane, (p + 1) * spec.satsPerPlane).map((el, s) => ({ sat: `${plane}-s${pad(s + 1, slotWidth)}`, elements: el }));
        groups.push(...chunk(plane, members, scenario.clusterSize));
      }
      return groups;
    }
    case "formation": {
      const count = spec.count ?? 81;
      const elements = generate(
        () => suncatcherFormation({ count, radiusM: spec.radiusM ?? 1000, altKm: spec.altKm ?? 650, epochMs: scenario.epochMs }),
        options.source,
        where,
      );
      const width = digits(count);
      const members = elements.map((el, i) => ({ sat: `${spec.name}-${pad(i + 1, width)}`, elements: el }));
      return chunk(spec.name, members, scenario.clusterSize);
    }
    case "tle":
    case "omm": {
      let text: string;
      try {
        text = options.readElementFile(spec.file);
      } catch (err) {
        throw new InvalidScenarioError(options.source, [`${where}/file: cannot read ${spec.file}: ${err instanceof Error ? err.message : String(err)}`], err);
      }
      const parsed = generate(() => (spec.kind === "tle" ? parseTle(text, spec.file) : parseOmmJson(text, spec.file)), options.source, `${where}/file`);
      const elements = spec.limit === undefined ? parsed : parsed.slice(0, spec.limit);
      if (elements.length === 0) throw new InvalidScenarioError(options.source, [`${where}/file: ${spec.file} holds no element sets`]);
      const members = uniqueIds(spec.name, elements);
      // Sorting by node groups satellites of one plane together; ties by id keep it stable.
      members.sort((a, b) => a.elements.raanDeg - b.elements.raanDeg || (a.sat < b.sat ? -1 : 1));
      return chunk(spec.name, members, scenario.clusterSize, true);
    }
  }
}

function generate<T>(fn: () => T, source: string, where: string): T {
  try {
    return fn();
  } catch (err) {
    throw new InvalidScenarioError(source, [`${where}: ${err instanceof Error ? err.message : String(err)}`], err);
  }
}

function uniqueIds(name: string, elements: readonly MeanElements[]): NamedElements[] {
  const seen = new Map<string, number>();
  const width = digits(elements.length);
  return elements.map((el, i) => {
    const base = el.noradId === undefined ? `${name}-${pad(i + 1, width)}` : `${name}-${el.noradId}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { sat: n === 1 ? base : `${base}-${n}`, elements: el };
  });
}

function chunk(base: string, members: NamedElements[], size: number, alwaysNumber = false): [string, NamedElements[]][] {
  if (members.length <= size && !alwaysNumber) return [[base, members]];
  const count = Math.ceil(members.length / size);
  const width = digits(count);
  const out: [string, NamedElements[]][] = [];
  for (let i = 0; i < count; i++) out.push([`${base}-c${pad(i + 1, width)}`, members.slice(i * size, (i + 1) * size)]);
  return out;
}

function digits(n: number): number {
  return Math.max(2, String(n).length);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
