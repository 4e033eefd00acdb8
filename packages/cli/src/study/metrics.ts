/**
 * The metric catalogue: every number a study can collect, each a function of one finished run
 * (what the variant runner observed) and the study's assumed economics. Units are in the names.
 * A metric is null when the run cannot give it (no bus, no debris-watch, nothing to divide by).
 */
import { orbitalCost, satelliteMassKg, terrestrialCost, type SatelliteBusSpec } from "@orbitwin/physics";
import type { StudyRunObservations } from "@orbitwin/protocol";
import { projectDebrisDecades, type DebrisDecades, type StudyShell } from "./debris-decades.js";
import type { Economics } from "./economics-assumptions.js";

const HOURS_PER_YEAR = 365.25 * 24;
const MS_PER_HOUR = 3_600_000;

/**
 * What a variant's run leaves behind (stored with its result) and what its scenario says (the bus,
 * the shell), everything a metric is computed from.
 */
export interface RunObservations extends StudyRunObservations {
  satellites: number;
  simulatedMs: number;
  /** the bus of the run's satellites (one bus: a study varies one fleet), undefined = orbit only */
  bus: SatelliteBusSpec | undefined;
  /** the run's one shell, for the debris projection; undefined when it flies no single shell */
  shell: StudyShell | undefined;
}

interface MetricDefinition {
  /** what it is, with its unit */
  description: string;
  /** true: lower is better (for the trade-off front) */
  lowerIsBetter: boolean;
  compute: (o: RunObservations, e: Economics) => number | null;
}

const years = (o: RunObservations) => o.simulatedMs / MS_PER_HOUR / HOURS_PER_YEAR;
const days = (o: RunObservations) => o.simulatedMs / 86_400_000;
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** One satellite's launch mass from its bus and the assumed areal masses. */
export function satelliteMassFromBusKg(bus: SatelliteBusSpec, e: Economics): number {
  return satelliteMassKg({
    busKg: e.busKg,
    arrayAreaM2: bus.array.areaM2,
    arrayKgPerM2: e.arrayKgPerM2,
    radiatorAreaM2: bus.thermal.radiatorAreaM2,
    radiatorKgPerM2: e.radiatorKgPerM2,
    accelerators: bus.acceleratorsActive + bus.acceleratorSpares,
    kgPerAccelerator: e.kgPerAccelerator,
    shieldingKg: bus.shieldingMmAl * e.shieldingKgPerMm,
    batteryKg: (bus.battery.capacityWh / 1000) * e.batteryKgPerKwh,
    propellantKg: e.propellantKg,
  });
}

/** Mean fraction of the active accelerators working over the run: delivered over possible accelerator-hours. */
function meanAvailability(o: RunObservations): number {
  const possible = o.acceleratorsAtStart * (o.simulatedMs / MS_PER_HOUR);
  return possible > 0 ? o.acceleratorHours / possible : NaN;
}

/**
 * Life-cycle cost per delivered accelerator-hour of one satellite, launch price `launchUsdPerKg`:
 * the run's availability is taken to hold over the design life (exact when the span is the life).
 */
function orbitalUsdPerAcceleratorHour(o: RunObservations, e: Economics, launchUsdPerKg = e.launchUsdPerKg): number {
  if (!o.bus || o.satellites === 0) return NaN;
  return orbitalCost({
    massKg: satelliteMassFromBusKg(o.bus, e),
    launchUsdPerKg,
    satelliteHardwareUsd: e.satelliteHardwareUsd,
    accelerators: o.bus.acceleratorsActive,
    // The spares are bought and flown too.
    usdPerAccelerator: (e.usdPerAccelerator * (o.bus.acceleratorsActive + o.bus.acceleratorSpares)) / o.bus.acceleratorsActive,
    computePowerKw: (o.bus.acceleratorsActive * o.bus.accelerator.tdpW) / 1000,
    lifetimeYears: e.lifetimeYears,
    operationsUsdPerYear: e.operationsUsdPerSatYear,
    meanAvailability: meanAvailability(o),
  }).usdPerAcceleratorHour;
}

function groundUsdPerAcceleratorHour(e: Economics): number {
  return terrestrialCost({
    facilityUsdPerKw: e.groundFacilityUsdPerKw,
    facilityLifetimeYears: e.groundFacilityLifetimeYears,
    electricityUsdPerKwh: e.groundElectricityUsdPerKwh,
    pue: e.groundPue,
    accelerators: 1,
    usdPerAccelerator: e.usdPerAccelerator,
    itPowerKw: e.groundKwPerAccelerator,
    acceleratorLifetimeYears: e.lifetimeYears,
  }).usdPerAcceleratorHour;
}

/** One projection per run and figures, shared by the four debris metrics. */
const decadesMemo = new WeakMap<RunObservations, { e: Economics; decades: DebrisDecades | undefined }>();
function decades(o: RunObservations, e: Economics): DebrisDecades | undefined {
  const memo = decadesMemo.get(o);
  if (memo?.e === e) return memo.decades;
  const result = o.bus ? projectDebrisDecades(o.shell, o.satellites, satelliteMassFromBusKg(o.bus, e), e) : undefined;
  decadesMemo.set(o, { e, decades: result });
  return result;
}

export const METRICS = {
  junctionTempMaxK: { description: "hottest accelerator junction over the run, K", lowerIsBetter: true, compute: (o) => o.junctionTempMaxK ?? null },
  throttledHours: {
    description: "satellite-hours spent throttled by thermal control, h",
    lowerIsBetter: true,
    compute: (o) => (o.bus ? o.throttledSatHours : null),
  },
  safeModeHours: { description: "satellite-hours in safe mode, h", lowerIsBetter: true, compute: (o) => (o.bus ? o.safeModeSatHours : null) },
  acceleratorFailures: { description: "accelerators failed over the run", lowerIsBetter: true, compute: (o) => (o.bus ? o.acceleratorsFailed : null) },
  failuresPerYear: {
    description: "accelerator failures per year of the run, 1/y",
    lowerIsBetter: true,
    compute: (o) => (o.bus ? orNull(o.acceleratorsFailed / years(o)) : null),
  },
  deliveredAcceleratorHours: {
    description: "accelerator-hours of work delivered, h",
    lowerIsBetter: false,
    compute: (o) => (o.bus ? o.acceleratorHours : null),
  },
  workingCapacityFraction: {
    description: "accelerators working at the end over those at the start, 0..1",
    lowerIsBetter: false,
    compute: (o) => (o.acceleratorsAtStart > 0 ? o.acceleratorsAtEnd / o.acceleratorsAtStart : null),
  },
  deadSatellites: { description: "satellites with no accelerator left at the end", lowerIsBetter: true, compute: (o) => (o.bus ? o.deadSatellites : null) },
  replacementLaunchesPerYear: {
    description: "launches a year that would replace the capacity lost (lost accelerators as whole satellites, satellitesPerLaunch each), 1/y",
    lowerIsBetter: true,
    compute: (o, e) => (o.bus ? orNull((o.acceleratorsAtStart - o.acceleratorsAtEnd) / o.bus.acceleratorsActive / e.satellitesPerLaunch / years(o)) : null),
  },
  satelliteMassKg: {
    description: "one satellite's launch mass, kg",
    lowerIsBetter: true,
    compute: (o, e) => (o.bus ? satelliteMassFromBusKg(o.bus, e) : null),
  },
  costPerGpuHourUsd: {
    description: "life-cycle cost per delivered accelerator-hour in orbit, $/h",
    lowerIsBetter: true,
    compute: (o, e) => orNull(orbitalUsdPerAcceleratorHour(o, e)),
  },
  groundCostPerGpuHourUsd: {
    description: "the same on the ground (assumed figures), $/h",
    lowerIsBetter: true,
    compute: (_o, e) => orNull(groundUsdPerAcceleratorHour(e)),
  },
  orbitToGroundCostRatio: {
    description: "orbital over ground cost per accelerator-hour (1 = break-even)",
    lowerIsBetter: true,
    compute: (o, e) => orNull(orbitalUsdPerAcceleratorHour(o, e) / groundUsdPerAcceleratorHour(e)),
  },
  breakEvenLaunchUsdPerKg: {
    description: "launch price at which orbit costs what the ground does, $/kg (negative: none does)",
    lowerIsBetter: false,
    // Cost is linear in the launch price: two points give the line, and where it meets the ground's.
    compute: (o, e) => {
      const atZero = orbitalUsdPerAcceleratorHour(o, e, 0);
      const slope = orbitalUsdPerAcceleratorHour(o, e, 1) - atZero;
      return orNull((groundUsdPerAcceleratorHour(e) - atZero) / slope);
    },
  },
  closeApproachesPerDay: {
    description: "conjunctions debris-watch recorded per day, 1/d",
    lowerIsBetter: true,
    compute: (o) => (o.debris ? orNull(o.debris.conjunctions / days(o)) : null),
  },
  maneuversPerSatPerDay: {
    description: "avoidance maneuvers per satellite per day, 1/d",
    lowerIsBetter: true,
    compute: (o) => (o.debris && o.satellites > 0 ? orNull(o.debris.maneuvers / o.satellites / days(o)) : null),
  },
  collisions: { description: "collisions in the run", lowerIsBetter: true, compute: (o) => (o.debris ? o.debris.collisions : null) },
  fragments: {
    description: "fragments created by collisions, still tracked at the end",
    lowerIsBetter: true,
    compute: (o) => (o.debris ? o.debris.fragments : null),
  },
  debrisObjects25y: {
    description: "derelicts and fragments >= 10 cm in the shell's band after 25 years, the shell held at the run's size (debris projection)",
    lowerIsBetter: true,
    compute: (o, e) => decades(o, e)?.objects25y ?? null,
  },
  debrisObjects50y: {
    description: "the same after 50 years",
    lowerIsBetter: true,
    compute: (o, e) => decades(o, e)?.objects50y ?? null,
  },
  debrisReproduction50y: {
    description: "fragments one fragment breeds before drag removes it, after 50 years (>= 1: runaway growth)",
    lowerIsBetter: true,
    compute: (o, e) => decades(o, e)?.reproduction50y ?? null,
  },
  debrisRunawayFromYears: {
    description: "first year the debris grows by itself (reproduction >= 1), years; empty when not within 50 years",
    lowerIsBetter: false,
    compute: (o, e) => decades(o, e)?.runawayFromYears ?? null,
  },
  satellites: { description: "satellites in the run", lowerIsBetter: false, compute: (o) => o.satellites },
} satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

export function computeMetrics(names: readonly string[], o: RunObservations, e: Economics): Record<string, number | null> {
  return Object.fromEntries(names.map((name) => [name, isMetricName(name) ? (METRICS[name] as MetricDefinition).compute(o, e) : null]));
}
