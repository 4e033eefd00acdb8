/**
 * The public face of @orbitwin/physics: what the services, the CLI, tests and benchmarks use.
 * Reference implementations that only check others (test oracles) are in ./testing.
 */
export { BadElementsError } from "./errors.js";
export { satrecFromTle, toSatrec, type MeanElements, type SatRec } from "./elements.js";
export { parseTle, parseTleRecords } from "./tle.js";
export { parseOmmJson, parseOmmKvn } from "./omm.js";
export { EARTH_RADIUS_KM, meanMotionRevPerDayFromAltKm, orbitalPeriodS, semiMajorAxisKmFromMeanMotion, sunSynchronousInclinationDeg } from "./orbit.js";
export { createOrbitState, gmstRad, propagateBatch, satrecEpochMs, type OrbitState } from "./orbit-batch.js";
export { eclipseFractionCylindrical, inShadow, sunlitFraction, sunlitFractionBatch, sunPositionKm } from "./sun.js";
export { formationReference, suncatcherFormation, walkerDelta, walkerLayout, type WalkerOptions } from "./generators.js";
export { counterPoisson, counterUniform, hashString32 } from "./rng.js";
export { STEFAN_BOLTZMANN } from "./thermal.js";
export { flatPlateEquilibriumK } from "./thermal-environment.js";
export { closestApproach, rtnCovarianceKm2, type Encounter, type Vec3 } from "./conjunction.js";
export { collisionProbabilityChan, collisionProbabilityFoster, projectEncounter } from "./collision-probability.js";
export { collisionBreakup, collisionFragmentCount, energyToMassRatioJPerG, isCatastrophic } from "./breakup.js";
export { applyImpulsiveManeuver, meanElementsFromState } from "./orbit-determination.js";
export { eclipseSeason, raanForLtanDeg } from "./eclipse.js";
export { createSatelliteState, stepSatellites, type SatelliteBusSpec, type SatelliteState } from "./satellite-step.js";
export { busPresets } from "./presets.js";
export {
  broadPhase,
  defaultSampleStepS,
  screen,
  screenAgainst,
  screenEach,
  sgp4Trajectory,
  type BroadPhaseCandidate,
  type EncounterSink,
  type ScreenedEncounter,
  type ScreeningOptions,
  type ScreeningStats,
} from "./screening.js";
export { bstarFromAreaToMass, generateDebrisPopulation, massFromSizeKg, plantedEncounterElements } from "./debris-population.js";
export { CascadeKind, runCascade, type CascadeObjectInit, type CascadeRow } from "./cascade.js";
export { secondsToShadow } from "./shadow-ahead.js";
export { Sgp4Batch } from "./sgp4-batch.js";
export { MEAN_LEO_REL_SPEED_KMS, maneuverRadiusKm, shellTraffic, type ShellTraffic, type ShellTrafficInput } from "./traffic.js";
export {
  STARLINK_MANEUVER_REPORTS,
  fleetTraffic,
  reportedManeuversPerSatPerDay,
  type FleetTraffic,
  type FleetTrafficBin,
  type FleetTrafficOptions,
  type StarlinkManeuverReport,
} from "./traffic-fleet.js";
export {
  bandLifetimeYears,
  projectConstellationDebris,
  type ConstellationDebris,
  type ConstellationDebrisInput,
  type ConstellationDebrisRow,
} from "./constellation-debris.js";
export {
  orbitalCost,
  satelliteMassKg,
  terrestrialCost,
  type CostFigures,
  type OrbitalCostInputs,
  type SatelliteMassBudget,
  type TerrestrialCostInputs,
} from "./economics.js";
