/**
 * Turns a validated scenario into cluster definitions: generated constellations (Walker delta, a
 * layered shell, a Suncatcher-style formation) and element files (TLE, CCSDS OMM JSON). Walker and
 * shell clusters are orbital planes (or slices of one, at most clusterSize satellites), generated
 * one plane at a time so a million satellites never exist as element objects all at once;
 * element-file satellites are grouped by right ascension of the node so a cluster is close to a
 * plane. Satellite and cluster ids are stable functions of the scenario.
 */
import { busPresets, parseOmmJson, parseTle, suncatcherFormation, walkerLayout, type MeanElements, type WalkerOptions } from "@orbitwin/physics";
import {
  InvalidScenarioError,
  MAX_SCENARIO_SATELLITES,
  clusterDefinitionOf,
  declaredSatellites,
  type ClusterDefinition,
  type ConstellationSpec,
  type Scenario,
} from "@orbitwin/protocol";

export interface ExpansionOptions {
  run: string;
  /** Reads an element file named in the scenario (path as written there); only main passes fs. */
  readElementFile(path: string): string;
  /** Scenario source name, for error messages. */
  source: string;
  /**
   * Satellites the scenario may hold in all, element sets from files included.
   * @default MAX_SCENARIO_SATELLITES (2,000,000)
   */
  maxSatellites?: number;
}

/** One cluster's satellites in slot order: ids and element sets side by side. */
interface Group {
  cluster: string;
  satIds: string[];
  elements: MeanElements[];
}

export function expandScenario(scenario: Scenario, options: ExpansionOptions): ClusterDefinition[] {
  return Array.from(clusterDefinitions(scenario, options));
}

/**
 * The cluster definitions of expandScenario one at a time, in the same order: a reader that
 * looks at each once (a check, a writer to the clusters bucket) holds one plane, not the fleet.
 */
export function* clusterDefinitions(scenario: Scenario, options: ExpansionOptions): Generator<ClusterDefinition> {
  let firstEntity = 0;
  // Validation counted the generated satellites; element files add theirs as each is read, before
  // anything is generated from it, so a file past the cap is refused with nothing built.
  const budget = { limit: options.maxSatellites ?? MAX_SCENARIO_SATELLITES, counted: generatedSatellites(scenario) };
  for (const [index, spec] of scenario.constellations.entries()) {
    const bus = spec.bus ?? scenario.bus;
    if (bus && !busPresets[bus.preset]) {
      const where = spec.bus ? `/constellations/${index}/bus/preset` : "/bus/preset";
      throw new InvalidScenarioError(options.source, [`${where}: "${bus.preset}" is not a bus preset; use one of ${Object.keys(busPresets).join(", ")}`]);
    }
    for (const group of groupsOf(spec, scenario, options, index, budget)) {
      yield clusterDefinitionOf({
        run: options.run,
        constellation: spec.name,
        cluster: group.cluster,
        satIds: group.satIds,
        elements: group.elements,
        ...(bus ? { bus, firstEntity, seed: scenario.seed } : {}),
      });
      firstEntity += group.satIds.length;
    }
  }
}

/** The satellite cap and what the scenario holds so far: its generated constellations, then each element file read. */
interface SatelliteBudget {
  readonly limit: number;
  counted: number;
}

function generatedSatellites(scenario: Scenario): number {
  return scenario.constellations.reduce((n, c) => n + (declaredSatellites(c) ?? 0), 0);
}

function* groupsOf(spec: ConstellationSpec, scenario: Scenario, options: ExpansionOptions, index: number, budget: SatelliteBudget): Generator<Group> {
  const where = `/constellations/${index}`;
  switch (spec.kind) {
    case "walker":
    case "shell": {
      const layout = generate(() => walkerLayout(walkerOptionsOf(spec, scenario.epochMs)), options.source, where);
      const planeWidth = digits(spec.planes);
      const slotWidth = digits(spec.satsPerPlane);
      // Every plane shares the slot suffixes, so an id is one two-part string over shared pieces
      // rather than a chain of fresh ones: spacex-odc-1m's definitions hold 122 B of heap per
      // satellite instead of 177.
      const slots = Array.from({ length: spec.satsPerPlane }, (_, s) => `-s${pad(s + 1, slotWidth)}`);
      for (let p = 0; p < spec.planes; p++) {
        const plane = `${spec.name}-p${pad(p + 1, planeWidth)}`;
        yield* chunk(
          plane,
          slots.map((slot) => plane + slot),
          layout.plane(p),
          scenario.clusterSize,
        );
      }
      return;
    }
    case "formation": {
      const count = spec.count ?? 81;
      const elements = generate(
        () => suncatcherFormation({ count, radiusM: spec.radiusM ?? 1000, altKm: spec.altKm ?? 650, epochMs: scenario.epochMs }),
        options.source,
        where,
      );
      const width = digits(count);
      yield* chunk(
        spec.name,
        elements.map((_, i) => `${spec.name}-${pad(i + 1, width)}`),
        elements,
        scenario.clusterSize,
      );
      return;
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
      chargeElementFile(budget, elements.length, { spec, source: options.source, where });
      const members = uniqueIds(spec.name, elements);
      // Sorting by node groups satellites of one plane together; ties by id keep it stable.
      members.sort((a, b) => a.elements.raanDeg - b.elements.raanDeg || (a.sat < b.sat ? -1 : 1));
      yield* chunk(
        spec.name,
        members.map((m) => m.sat),
        members.map((m) => m.elements),
        scenario.clusterSize,
        true,
      );
      return;
    }
  }
}

/** Counts an element file's sets against the scenario's satellite cap; refuses the file that passes it. */
function chargeElementFile(budget: SatelliteBudget, sets: number, at: { spec: { file: string; limit?: number }; source: string; where: string }): void {
  budget.counted += sets;
  if (budget.counted <= budget.limit) return;
  const others = budget.counted - sets;
  throw new InvalidScenarioError(at.source, [
    `${at.where}/file: ${at.spec.file} adds ${sets} element sets${at.spec.limit === undefined ? "" : ` (limit: ${at.spec.limit})`} to ${others} other satellites: ` +
      `${budget.counted} in all, over the limit of ${budget.limit} satellites per scenario; set the constellation's limit: to use fewer`,
  ]);
}

/** The generator's options for a walker or a shell (a walker is a shell of one layer, 360 deg of node). */
function walkerOptionsOf(spec: Extract<ConstellationSpec, { kind: "walker" | "shell" }>, epochMs: number): WalkerOptions {
  const options: WalkerOptions = {
    planes: spec.planes,
    satsPerPlane: spec.satsPerPlane,
    phasing: spec.phasing,
    altKm: spec.altKm,
    inclinationDeg: spec.inclinationDeg,
    epochMs,
    ...(spec.raanOffsetDeg === undefined ? {} : { raanOffsetDeg: spec.raanOffsetDeg }),
    ...(spec.bstar === undefined ? {} : { bstar: spec.bstar }),
  };
  if (spec.kind === "walker") return options;
  return {
    ...options,
    thicknessKm: spec.thicknessKm,
    layers: spec.layers,
    ...(spec.raanSpreadDeg === undefined ? {} : { raanSpreadDeg: spec.raanSpreadDeg }),
    ...(spec.ltanHours === undefined ? {} : { ltanHours: spec.ltanHours }),
  };
}

function generate<T>(fn: () => T, source: string, where: string): T {
  try {
    return fn();
  } catch (err) {
    throw new InvalidScenarioError(source, [`${where}: ${err instanceof Error ? err.message : String(err)}`], err);
  }
}

function uniqueIds(name: string, elements: readonly MeanElements[]): { sat: string; elements: MeanElements }[] {
  const seen = new Map<string, number>();
  const width = digits(elements.length);
  return elements.map((el, i) => {
    const base = el.noradId === undefined ? `${name}-${pad(i + 1, width)}` : `${name}-${el.noradId}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { sat: n === 1 ? base : `${base}-${n}`, elements: el };
  });
}

function* chunk(base: string, satIds: string[], elements: MeanElements[], size: number, alwaysNumber = false): Generator<Group> {
  if (satIds.length <= size && !alwaysNumber) {
    yield { cluster: base, satIds, elements };
    return;
  }
  const count = Math.ceil(satIds.length / size);
  const width = digits(count);
  for (let i = 0; i < count; i++)
    yield { cluster: `${base}-c${pad(i + 1, width)}`, satIds: satIds.slice(i * size, (i + 1) * size), elements: elements.slice(i * size, (i + 1) * size) };
}

function digits(n: number): number {
  return Math.max(2, String(n).length);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
