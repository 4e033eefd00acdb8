/**
 * The assumed prices and masses the cost metrics use. None of them is physics: each is a round
 * public figure (its source beside it) that a study may override under `economics:` or vary as
 * `economics.<name>`. docs/STUDIES.md repeats them next to every cost result.
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
});

export type EconomicsName = keyof typeof DEFAULT_ECONOMICS;
export type Economics = Record<EconomicsName, number>;

export function isEconomicsName(name: string): name is EconomicsName {
  return Object.hasOwn(DEFAULT_ECONOMICS, name);
}
