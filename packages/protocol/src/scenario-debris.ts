/**
 * The `debris:` section of a scenario: what debris-watch screens, how it rates and mitigates
 * conjunctions, and what a collision does. Every field has a default; see docs/PROTOCOL.md.
 */
import { Type, type Static } from "@sinclair/typebox";
import { KebabName, MAX_SHELL_THICKNESS_KM, constellationProblems } from "./scenario-constellations.js";

export const DurationField = Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|y)\\s*$" })], {
  description: "seconds, or a number with a unit: ms, s, m, h, d, y (365.25 d)",
});

const Sigmas = Type.Object(
  {
    radialKm: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "1-sigma radial position error, km" }),
    alongTrackKm: Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: "1-sigma along-track position error, km" }),
    crossTrackKm: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "1-sigma cross-track position error, km" }),
    alongTrackGrowthKmPerDay: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1000, description: "along-track error added per day from screening to TCA, km; default 0" }),
    ),
  },
  { additionalProperties: false },
);

export const DebrisCatalogFileSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, description: "TLE (.tle/.txt), OMM JSON (.json) or OMM KVN (.kvn/.omm) file, relative to the scenario" }),
    sizeM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "characteristic length of every object in the file, m; default 0.5" })),
  },
  { additionalProperties: false },
);

export const PlantedEncounterSchema = Type.Object(
  {
    target: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,63}$", description: "id of the fleet satellite to be met" }),
    at: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: "^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|y)\\s*$" })], {
      description: "time of the meeting after the scenario epoch",
    }),
    crossingAngleDeg: Type.Number({ minimum: 1, maximum: 179, description: "angle between the two velocities, degrees" }),
    missKm: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "radial miss distance, km; default 0" })),
    sizeM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "the intruder's characteristic length, m; default 1" })),
  },
  { additionalProperties: false },
);

/** Most neighbour satellites debris-watch screens, all shells together. */
export const MAX_NEIGHBOUR_SATELLITES = 1_000_000;

/**
 * Another operator's constellation sharing the orbits, generated as a Walker shell (the same
 * generator as the fleet's shells): objects debris-watch screens against that are not the fleet's
 * and do not maneuver (their operator's own avoidance is not modelled).
 */
export const NeighbourShellSchema = Type.Object(
  {
    name: KebabName,
    planes: Type.Integer({ minimum: 1, maximum: 10_000 }),
    satsPerPlane: Type.Integer({ minimum: 1, maximum: 10_000 }),
    phasing: Type.Integer({ minimum: 0, description: "Walker phasing parameter f, 0 <= f < planes" }),
    altKm: Type.Number({ minimum: 150, maximum: 40_000, description: "middle of the shell, mean altitude above the equatorial radius, km" }),
    inclinationDeg: Type.Union([Type.Number({ minimum: 0, maximum: 180 }), Type.Literal("sso")], {
      description: "degrees, or sso: the Sun-synchronous inclination of each plane's altitude",
    }),
    thicknessKm: Type.Optional(
      Type.Number({ minimum: 0, maximum: MAX_SHELL_THICKNESS_KM, description: "from the lowest to the highest mean altitude, km; default 0" }),
    ),
    layers: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: "altitudes the planes are dealt over; default 1; at most planes" })),
    raanOffsetDeg: Type.Optional(Type.Number({ description: "RAAN of the first plane, degrees; default 0" })),
    sizeM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "characteristic length of each satellite, m; default 3" })),
  },
  { additionalProperties: false },
);
export type NeighbourShell = Static<typeof NeighbourShellSchema>;

/** What the schema cannot say about the neighbour shells (the fleet's shell rules, names, the total), each with its path. */
export function neighbourProblems(neighbours: readonly NeighbourShell[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  let total = 0;
  neighbours.forEach((n, i) => {
    const where = `/debris/neighbours/${i}`;
    if (names.has(n.name)) problems.push(`${where}/name: "${n.name}" is used twice; names must be unique`);
    names.add(n.name);
    const shell = {
      kind: "shell" as const,
      name: n.name,
      planes: n.planes,
      satsPerPlane: n.satsPerPlane,
      phasing: n.phasing,
      altKm: n.altKm,
      inclinationDeg: n.inclinationDeg,
      thicknessKm: n.thicknessKm ?? 0,
      layers: n.layers ?? 1,
    };
    problems.push(...constellationProblems(shell, where));
    total += n.planes * n.satsPerPlane;
  });
  if (total > MAX_NEIGHBOUR_SATELLITES)
    problems.push(`/debris/neighbours: ${total} satellites in all; at most ${MAX_NEIGHBOUR_SATELLITES} (debris-watch screens every one each tick)`);
  return problems;
}

export const DebrisWatchSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: "run debris-watch; default true when this section is present" })),
    catalogs: Type.Optional(Type.Array(DebrisCatalogFileSchema, { maxItems: 32 })),
    neighbours: Type.Optional(
      Type.Array(NeighbourShellSchema, {
        maxItems: 32,
        description: "other operators' constellations sharing the orbits, screened as objects that do not maneuver",
      }),
    ),
    synthetic: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({ minimum: 0, maximum: 1_000_000, description: "objects of a synthetic LEO debris population" }),
          minSizeM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10, description: "smallest object, m; default 0.1" })),
        },
        { additionalProperties: false },
      ),
    ),
    planted: Type.Optional(
      Type.Array(PlantedEncounterSchema, { maxItems: 100, description: "intruders built to meet fleet satellites (demonstrations, tests)" }),
    ),
    lookAhead: Type.Optional(DurationField),
    /** how long a closed conjunction stays in memory and checkpoints after its TCA; its events keep its history; default 1d */
    passedRetention: Type.Optional(DurationField),
    thresholdKm: Type.Optional(Type.Number({ minimum: 0.01, maximum: 200, description: "screening miss-distance threshold, km; default 5" })),
    reportPc: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: "raise conjunction-detected at or above this collision probability; default 1e-7" }),
    ),
    covariance: Type.Optional(Type.Object({ fleet: Type.Optional(Sigmas), debris: Type.Optional(Sigmas) }, { additionalProperties: false })),
    fleetHardBodyRadiusM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500, description: "hard-body radius of a fleet satellite, m; default 5" })),
    fleetMassKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "mass of a fleet satellite, kg; default 800" })),
    mitigation: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean({ description: "plan avoidance maneuvers; default true" })),
          maneuverPc: Type.Optional(
            Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "maneuver at or above this collision probability; default 1e-4" }),
          ),
          lead: Type.Optional(DurationField),
          maxBurnMS: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: "largest single burn, m/s; default 1" })),
          budgetMS: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: "delta-v each satellite may spend on avoidance, m/s; default 20" })),
          interrupt: Type.Optional(DurationField),
        },
        { additionalProperties: false },
      ),
    ),
    collisions: Type.Optional(
      Type.Union([Type.Literal("draw"), Type.Literal("off")], { description: "draw: an unmitigated conjunction collides with its probability; off: never" }),
    ),
    fragmentMinSizeM: Type.Optional(Type.Number({ minimum: 0.01, maximum: 10, description: "smallest fragment tracked after a breakup, m; default 0.1" })),
  },
  { additionalProperties: false },
);
export type DebrisWatchConfig = Static<typeof DebrisWatchSchema>;
