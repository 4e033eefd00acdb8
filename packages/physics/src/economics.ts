/**
 * The economics of an orbital data center against a terrestrial one: launch mass from the
 * satellite's parts, launch price, lifetime and replacement; dollars per kW-year of delivered
 * compute power and per GPU-hour. All prices are scenario settings with their sources
 * (physics-cases 25), not physics.
 */

/** $/kg to low Earth orbit: reusable Falcon 9 today (Suncatcher paper, 2025). */
export const LAUNCH_PRICE_FALCON9_USD_PER_KG = 3600;
/** $/kg Suncatcher names as the threshold for rough parity with terrestrial data centers. */
export const LAUNCH_PRICE_PARITY_USD_PER_KG = 200;

export interface SatelliteMassBudget {
  busKg: number;
  arrayAreaM2: number;
  /** array areal mass, kg/m^2 (rigid panels ~2-3, flexible ~1) */
  arrayKgPerM2: number;
  radiatorAreaM2: number;
  /** radiator areal mass, kg/m^2 (~3-6 for pumped-loop panels) */
  radiatorKgPerM2: number;
  accelerators: number;
  /** per accelerator with its board and share of memory and network, kg */
  kgPerAccelerator: number;
  shieldingKg: number;
  batteryKg: number;
  propellantKg: number;
}

export function satelliteMassKg(m: SatelliteMassBudget): number {
  return (
    m.busKg +
    m.arrayAreaM2 * m.arrayKgPerM2 +
    m.radiatorAreaM2 * m.radiatorKgPerM2 +
    m.accelerators * m.kgPerAccelerator +
    m.shieldingKg +
    m.batteryKg +
    m.propellantKg
  );
}

export interface OrbitalCostInputs {
  massKg: number;
  launchUsdPerKg: number;
  /** satellite hardware (bus, arrays, radiators) excluding accelerators, $ */
  satelliteHardwareUsd: number;
  accelerators: number;
  usdPerAccelerator: number;
  /** power delivered to compute, averaged over the orbit, kW */
  computePowerKw: number;
  lifetimeYears: number;
  /** operations (ground segment, insurance) per satellite-year, $ */
  operationsUsdPerYear: number;
  /** mean fraction of accelerators working over the life (failures with no repair), 0..1 */
  meanAvailability: number;
}

export interface CostFigures {
  totalUsd: number;
  usdPerKwYear: number;
  usdPerAcceleratorHour: number;
}

/** Life-cycle cost per satellite, per kW-year of compute power and per working accelerator-hour. */
export function orbitalCost(c: OrbitalCostInputs): CostFigures {
  const totalUsd = c.massKg * c.launchUsdPerKg + c.satelliteHardwareUsd + c.accelerators * c.usdPerAccelerator + c.operationsUsdPerYear * c.lifetimeYears;
  const hours = c.lifetimeYears * 365.25 * 24;
  return {
    totalUsd,
    usdPerKwYear: totalUsd / (c.computePowerKw * c.meanAvailability * c.lifetimeYears),
    usdPerAcceleratorHour: totalUsd / (c.accelerators * c.meanAvailability * hours),
  };
}

export interface TerrestrialCostInputs {
  /** facility capital cost per kW of IT load, $ */
  facilityUsdPerKw: number;
  facilityLifetimeYears: number;
  /** electricity price, $/kWh */
  electricityUsdPerKwh: number;
  /** power usage effectiveness (total / IT power) */
  pue: number;
  accelerators: number;
  usdPerAccelerator: number;
  /** IT power, kW */
  itPowerKw: number;
  /** accelerator refresh period, years */
  acceleratorLifetimeYears: number;
}

/** The same figures for a terrestrial data center over the accelerators' life. */
export function terrestrialCost(c: TerrestrialCostInputs): CostFigures {
  const years = c.acceleratorLifetimeYears;
  const facilityUsd = (c.facilityUsdPerKw * c.itPowerKw * years) / c.facilityLifetimeYears;
  const energyUsd = c.itPowerKw * c.pue * c.electricityUsdPerKwh * years * 365.25 * 24;
  const totalUsd = facilityUsd + energyUsd + c.accelerators * c.usdPerAccelerator;
  return {
    totalUsd,
    usdPerKwYear: totalUsd / (c.itPowerKw * years),
    usdPerAcceleratorHour: totalUsd / (c.accelerators * years * 365.25 * 24),
  };
}
