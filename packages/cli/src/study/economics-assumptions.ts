/**
 * The assumed figures the metrics apply after a run: prices and masses for the cost metrics, and
 * the disposal and shell figures of the debris projection over decades. None of them is physics
 * the twin steps: each is a round public figure (its source beside it) that a study may override
 * under `economics:` or vary as `economics.<name>`. A variant that differs from another only in
 * these reuses the other's run (derived-variants.ts). docs/STUDIES.md repeats them.
 */
export const DEFAULT_ECONOMICS = Object.freeze({
  /** $/kg to LEO, reusable Falcon 9 (Suncatcher paper, 2025; physics economics.ts) */
  launchUsdPerKg: 3600,
  /** structure, avionics, propulsion dry mass, kg (assumed: about half a Starlink v2 mini's ~800 kg) */
  busKg: 400,
  /** rigid solar array areal mass, kg/m^2 (economics.ts: ~2-3 rigid) */
  arrayKgPerM2: 2.5,
  /** pumped-loop radiator panel areal mass, kg/m^2 (economics.ts: ~3-6) */
  radiatorKgPerM2: 4,
  /** one accelerator with its board and share of memory and network, kg (assumed) */
  kgPerAccelerator: 15,
  /** aluminium shielding around the compute, kg per mm (a ~1 m^2 box: 2.7 kg per mm; assumed) */
  shieldingKgPerMm: 3,
  /** battery pack, kg per kWh (~170 Wh/kg Li-ion at pack level) */
  batteryKgPerKwh: 6,
  /** propellant, kg (assumed) */
  propellantKg: 50,
  /** satellite hardware without accelerators, $ (assumed: ~$1M per Starlink-class bus) */
  satelliteHardwareUsd: 1_000_000,
  /** one H100-class accelerator, $ (public list prices $25,000-40,000) */
  usdPerAccelerator: 30_000,
  /** ground segment, insurance and operations per satellite-year, $ (assumed) */
  operationsUsdPerSatYear: 20_000,
  /** design life over which a satellite's cost is spread, years (the "about five years" of the doubt) */
  lifetimeYears: 5,
  /** satellites per launch, for replacement launches (Falcon 9 carries 21-29 Starlink v2 mini) */
  satellitesPerLaunch: 25,
  /** ground data center capital cost per kW of IT load, $ (~$10M per MW, industry surveys) */
  groundFacilityUsdPerKw: 10_000,
  /** years the ground facility is written off over */
  groundFacilityLifetimeYears: 20,
  /** industrial electricity, $/kWh (US average ~0.08) */
  groundElectricityUsdPerKwh: 0.08,
  /** power usage effectiveness of a modern ground data center */
  groundPue: 1.3,
  /** IT power per accelerator on the ground: 700 W GPU plus its share of the server, kW */
  groundKwPerAccelerator: 1.2,
  /** fraction of retiring satellites that deorbit (the IADC guideline's 90 % success; cascade's default) */
  disposalReliability: 0.9,
  /** altitude band a walker constellation's satellites keep, km (a shell constellation's own thickness wins; the SpaceX ODC filing's "shells spanning up to 50 km") */
  shellThicknessKm: 50,
  /** a satellite's mean cross-section for collisions, m^2 (assumed; cascade --constellation's default) */
  satelliteAreaM2: 20,
});

export type EconomicsName = keyof typeof DEFAULT_ECONOMICS;
export type Economics = Record<EconomicsName, number>;

export function isEconomicsName(name: string): name is EconomicsName {
  return Object.hasOwn(DEFAULT_ECONOMICS, name);
}

/** Figures that are fractions (at most 1) or must be above 0, not merely at least 0. */
const FRACTIONS: ReadonlySet<EconomicsName> = new Set(["disposalReliability"]);
const POSITIVE: ReadonlySet<EconomicsName> = new Set(["shellThicknessKm", "satelliteAreaM2", "lifetimeYears", "satellitesPerLaunch"]);

/** Why `value` cannot be figure `name`, or undefined when it can. */
export function economicsValueProblem(name: EconomicsName, value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return "must be a number >= 0";
  if (FRACTIONS.has(name) && value > 1) return `must be a fraction within 0..1, not ${value}`;
  if (POSITIVE.has(name) && value === 0) return "must be above 0";
  return undefined;
}
