import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { Token, Version } from "./common.js";
import { BusChoiceSchema } from "../scenario.js";

const Column = (description: string) => Type.Array(Type.Number(), { description });

/**
 * A cluster's definition in the clusters KV bucket, key `<cluster>`: its satellites' SGP4 mean
 * elements, column per field, slot order = telemetry slot order.
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

/** Column lengths must all equal satIds.length; the schema cannot say that, so this does. */
export function clusterDefinitionProblems(def: ClusterDefinition): string[] {
  const n = def.satIds.length;
  return ELEMENT_COLUMNS.filter((c) => def[c].length !== n).map((c) => `/${c}: has ${def[c].length} values for ${n} satellites`);
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
export function clusterDefinitionOf(options: { run: string; constellation: string; cluster: string; satIds: string[]; elements: readonly ElementsLike[]; bus?: ClusterDefinition["bus"]; firstEntity?: number; seed?: number }): ClusterDefinition {
  const { elements } = options;
  const col = (f: (e: ElementsLike) => number) => elements.map(f);
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
  return {
    epochMs: def.epochMs[slot]!,
    meanMotionRevPerDay: def.meanMotionRevPerDay[slot]!,
    eccentricity: def.eccentricity[slot]!,
    inclinationDeg: def.inclinationDeg[slot]!,
    raanDeg: def.raanDeg[slot]!,
    argPerigeeDeg: def.argPerigeeDeg[slot]!,
    meanAnomalyDeg: def.meanAnomalyDeg[slot]!,
    bstar: def.bstar[slot]!,
    meanMotionDotRevPerDay2: def.meanMotionDotRevPerDay2[slot]!,
    meanMotionDdotRevPerDay3: def.meanMotionDdotRevPerDay3[slot]!,
  };
}
