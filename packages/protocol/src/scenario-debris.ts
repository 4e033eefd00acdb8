/**
 * The `debris:` section of a scenario: what debris-watch screens, how it rates and mitigates
 * conjunctions, and what a collision does. Every field has a default; see docs/PROTOCOL.md.
 */
import { Type, type Static } from "@sinclair/typebox";

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

export const DebrisWatchSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: "run debris-watch; default true when this section is present" })),
    catalogs: Type.Optional(Type.Array(DebrisCatalogFileSchema, { maxItems: 32 })),
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
