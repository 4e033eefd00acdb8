import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { Float64Column, Token, Version } from "./common.js";
import { binToFloat64, float64ToBin } from "../columns.js";
import { BusChoiceSchema } from "../scenario.js";

const Column = Float64Column;

/**
 * A cluster's definition in the clusters KV bucket, key `<cluster>`: its satellites' SGP4 mean
 * elements, column per field (binary float64, 8 bytes per satellite: a million satellites' elements
 * are 80 MB on the wire and in memory, not three times that as arrays of numbers), slot order =
 * telemetry slot order. Read them with `elementColumns` or `elementsAtSlot`.
 */
export const ClusterDefinitionSchema = Type.Object(
  {
    v: Version,
    run: Token,
    cluster: Token,
    constellation: Token,
    satIds: Type.Array(Token, { maxItems: 20_000 }),
    epochMs: Column("element epoch, ms since 1970 UTC"),
    meanMotionRevPerDay: Column("mean motion, revolutions per day"),
    eccentricity: Column("eccentricity"),
    inclinationDeg: Column("inclination, degrees"),
    raanDeg: Column("right ascension of the ascending node, degrees"),
    argPerigeeDeg: Column("argument of perigee, degrees"),
    meanAnomalyDeg: Column("mean anomaly, degrees"),
    bstar: Column("SGP4 drag term, 1/earth radii"),
    meanMotionDotRevPerDay2: Column("first derivative of mean motion / 2, rev/day^2"),
    meanMotionDdotRevPerDay3: Column("second derivative of mean motion / 6, rev/day^3"),
    bus: Type.Optional(BusChoiceSchema),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: "the scenario's seed" })),
    /** global entity id of slot 0 for the keyed generator; slot i is firstEntity + i */
    firstEntity: Type.Optional(Type.Integer({ minimum: 0, description: "entity id of slot 0 for the keyed random generator" })),
  },
  { additionalProperties: false },
);
export type ClusterDefinition = Static<typeof ClusterDefinitionSchema>;
export const clusterDefinition = defineMessage("cluster-definition", "public", ClusterDefinitionSchema);

export const ELEMENT_COLUMNS = [
  "epochMs",
  "meanMotionRevPerDay",
  "eccentricity",
  "inclinationDeg",
  "raanDeg",
  "argPerigeeDeg",
  "meanAnomalyDeg",
  "bstar",
  "meanMotionDotRevPerDay2",
  "meanMotionDdotRevPerDay3",
] as const;

export type ElementColumn = (typeof ELEMENT_COLUMNS)[number];

/** Column lengths must all equal satIds.length; the schema cannot say that, so this does. */
export function clusterDefinitionProblems(def: ClusterDefinition): string[] {
  const n = def.satIds.length;
  return ELEMENT_COLUMNS.filter((c) => def[c].byteLength !== 8 * n).map((c) => `/${c}: has ${def[c].byteLength / 8} values for ${n} satellites`);
}

const columnsOf = new WeakMap<ClusterDefinition, Readonly<Record<ElementColumn, Float64Array>>>();

/**
 * A definition's element columns as float64 arrays, made once per definition: views of its bytes
 * (a column that arrived unaligned is copied once, and the definition then holds the copy).
 * Throws a RangeError naming the column when one does not fit `satIds` (clusterDefinitionProblems).
 */
export function elementColumns(def: ClusterDefinition): Readonly<Record<ElementColumn, Float64Array>> {
  let columns = columnsOf.get(def);
  if (!columns) {
    const n = def.satIds.length;
    const read = {} as Record<ElementColumn, Float64Array>;
    for (const c of ELEMENT_COLUMNS) {
      read[c] = binToFloat64(def[c], n, c);
      def[c] = float64ToBin(read[c]);
    }
    columns = Object.freeze(read);
    columnsOf.set(def, columns);
  }
  return columns;
}

/** SGP4 mean elements as the physics package names them (structural, so protocol stays independent). */
export interface ElementsLike {
  epochMs: number;
  meanMotionRevPerDay: number;
  eccentricity: number;
  inclinationDeg: number;
  raanDeg: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  bstar: number;
  meanMotionDotRevPerDay2?: number;
  meanMotionDdotRevPerDay3?: number;
}

/** Builds a cluster definition from one element set per satellite, in slot order. */
export function clusterDefinitionOf(options: {
  run: string;
  constellation: string;
  cluster: string;
  satIds: string[];
  elements: readonly ElementsLike[];
  bus?: ClusterDefinition["bus"];
  firstEntity?: number;
  seed?: number;
}): ClusterDefinition {
  const { elements } = options;
  const col = (f: (e: ElementsLike) => number) => float64ToBin(Float64Array.from(elements, f));
  return {
    v: 1,
    run: options.run,
    cluster: options.cluster,
    constellation: options.constellation,
    satIds: options.satIds,
    epochMs: col((e) => e.epochMs),
    meanMotionRevPerDay: col((e) => e.meanMotionRevPerDay),
    eccentricity: col((e) => e.eccentricity),
    inclinationDeg: col((e) => e.inclinationDeg),
    raanDeg: col((e) => e.raanDeg),
    argPerigeeDeg: col((e) => e.argPerigeeDeg),
    meanAnomalyDeg: col((e) => e.meanAnomalyDeg),
    bstar: col((e) => e.bstar),
    meanMotionDotRevPerDay2: col((e) => e.meanMotionDotRevPerDay2 ?? 0),
    meanMotionDdotRevPerDay3: col((e) => e.meanMotionDdotRevPerDay3 ?? 0),
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.firstEntity === undefined ? {} : { firstEntity: options.firstEntity }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
}

/** The element set of one slot: the inverse of clusterDefinitionOf, shared by every reader. */
export function elementsAtSlot(def: ClusterDefinition, slot: number): Required<ElementsLike> {
  const c = elementColumns(def);
  return {
    epochMs: c.epochMs[slot]!,
    meanMotionRevPerDay: c.meanMotionRevPerDay[slot]!,
    eccentricity: c.eccentricity[slot]!,
    inclinationDeg: c.inclinationDeg[slot]!,
    raanDeg: c.raanDeg[slot]!,
    argPerigeeDeg: c.argPerigeeDeg[slot]!,
    meanAnomalyDeg: c.meanAnomalyDeg[slot]!,
    bstar: c.bstar[slot]!,
    meanMotionDotRevPerDay2: c.meanMotionDotRevPerDay2[slot]!,
    meanMotionDdotRevPerDay3: c.meanMotionDdotRevPerDay3[slot]!,
  };
}
