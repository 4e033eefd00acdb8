/**
 * Battery storage: energy bookkeeping with charge and discharge efficiencies, a depth-of-
 * discharge floor, and capacity fade with cycling (Fortescue, Stark & Swinerd, Spacecraft Systems
 * Engineering, 4th ed., 2011, ch. 10; Patel, Spacecraft Power Systems, ch. 5). State is plain
 * numbers so a fleet keeps it in typed arrays.
 */
import { BadModelInputError } from "./errors.js";

export interface BatterySpec {
  /** nameplate capacity at beginning of life, Wh */
  capacityWh: number;
  /** fraction of charge power stored, 0..1 */
  chargeEfficiency: number;
  /** fraction of stored energy delivered, 0..1 */
  dischargeEfficiency: number;
  /** deepest allowed discharge, fraction of capacity, 0..1 */
  maxDepthOfDischarge: number;
  /** full cycles to 80 % capacity at the reference depth of discharge */
  cycleLifeAtRefDod: number;
  /** reference depth of discharge of cycleLifeAtRefDod, 0..1 */
  refDepthOfDischarge: number;
}

export interface BatteryState {
  /** stored energy, Wh */
  energyWh: number;
  /** remaining capacity as a fraction of nameplate, 0..1 */
  healthFraction: number;
  /** equivalent full cycles so far */
  equivalentCycles: number;
}

export interface BatteryStep {
  /** load power the battery could not supply, W (positive when power-starved) */
  shortfallW: number;
  /** charge power it could not take because it was full, W */
  curtailedW: number;
}

/** Throws BadModelInputError naming the first field of `spec` out of its range. */
export function validateBatterySpec(spec: BatterySpec, where = "battery"): void {
  const check = (ok: boolean, field: keyof BatterySpec, rule: string) => {
    if (!ok) throw new BadModelInputError(`${where}: ${field} = ${spec[field]} ${rule}`);
  };
  check(spec.capacityWh > 0 && Number.isFinite(spec.capacityWh), "capacityWh", "must be finite and > 0 Wh");
  check(spec.chargeEfficiency > 0 && spec.chargeEfficiency <= 1, "chargeEfficiency", "must be in (0, 1]");
  check(spec.dischargeEfficiency > 0 && spec.dischargeEfficiency <= 1, "dischargeEfficiency", "must be in (0, 1]");
  check(spec.maxDepthOfDischarge >= 0 && spec.maxDepthOfDischarge <= 1, "maxDepthOfDischarge", "must be in [0, 1] (LEO batteries run at 0.2-0.4)");
  check(spec.cycleLifeAtRefDod > 0, "cycleLifeAtRefDod", "must be > 0 cycles");
  check(spec.refDepthOfDischarge > 0 && spec.refDepthOfDischarge <= 1, "refDepthOfDischarge", "must be in (0, 1]");
}

/**
 * Cycles to 80 % capacity at depth of discharge `dod`: N = N_ref (DoD_ref / DoD)^k with k = 1.5, the
 * usual power law for lithium-ion cells (Fortescue et al., Spacecraft Systems Engineering, 4th ed.,
 * ch. 10: LEO batteries run at 20-40 % DoD for 5000-6000 cycles a year). An engineering fit.
 */
export function cycleLifeAtDod(spec: BatterySpec, dod: number): number {
  const d = Math.max(1e-3, Math.min(1, dod));
  // r^1.5 as r sqrt(r): the power law k = 1.5 without Math.pow, which costs several times more.
  const r = spec.refDepthOfDischarge / d;
  return spec.cycleLifeAtRefDod * r * Math.sqrt(r);
}

/**
 * Advances the battery by `dtS` (s) with net bus power `netW` (generation minus loads, W;
 * negative = discharging). Charging stores netW dt eta_c up to the (faded) capacity, the rest is
 * curtailed; discharging draws netW dt / eta_d down to the depth-of-discharge floor, what cannot
 * be delivered is the shortfall. Capacity fades by 20 % per cycle life of throughput at the
 * present depth (equivalent full cycles, a Palmgren-Miner sum over partial cycles). Every
 * watt-hour is accounted for: input = stored / eta_c + curtailed (charging), delivered = drawn
 * eta_d, demand = delivered + shortfall (discharging).
 */
export function stepBattery(spec: BatterySpec, state: BatteryState, netW: number, dtS: number): BatteryStep {
  if (!(dtS > 0) || !Number.isFinite(netW)) throw new BadModelInputError(`stepBattery: dtS = ${dtS} must be > 0 s and netW = ${netW} finite`);
  const capacityWh = spec.capacityWh * state.healthFraction;
  const floorWh = capacityWh * (1 - spec.maxDepthOfDischarge);
  const hours = dtS / 3600;
  let shortfallW = 0;
  let curtailedW = 0;
  let throughputWh = 0;
  if (netW >= 0) {
    const roomWh = Math.max(0, capacityWh - state.energyWh);
    const storeWh = Math.min(roomWh, netW * hours * spec.chargeEfficiency);
    state.energyWh += storeWh;
    curtailedW = netW - storeWh / spec.chargeEfficiency / hours;
  } else {
    const needWh = (-netW * hours) / spec.dischargeEfficiency;
    const availableWh = Math.max(0, state.energyWh - floorWh);
    const drawWh = Math.min(needWh, availableWh);
    state.energyWh -= drawWh;
    throughputWh = drawWh;
    shortfallW = ((needWh - drawWh) * spec.dischargeEfficiency) / hours;
  }
  if (throughputWh > 0 && capacityWh > 0) {
    const cycles = throughputWh / capacityWh;
    const dod = 1 - state.energyWh / capacityWh;
    state.equivalentCycles += cycles;
    state.healthFraction = Math.max(0, state.healthFraction - (0.2 * cycles) / cycleLifeAtDod(spec, dod));
  }
  return { shortfallW: Math.max(0, shortfallW), curtailedW: Math.max(0, curtailedW) };
}

/** Stored energy over the present (faded) capacity, 0..1. */
export function stateOfCharge(spec: BatterySpec, state: BatteryState): number {
  const capacityWh = spec.capacityWh * state.healthFraction;
  return capacityWh > 0 ? state.energyWh / capacityWh : 0;
}

/** Depth of discharge one eclipse takes: P_load t_eclipse / (E_battery eta_discharge) (physics-cases 18). */
export function eclipseDepthOfDischarge(loadW: number, eclipseS: number, capacityWh: number, dischargeEfficiency = 1): number {
  return (loadW * eclipseS) / 3600 / (capacityWh * dischargeEfficiency);
}

/** Charge-discharge cycles a year: one per orbit (physics-cases 18: 5382 at 650 km). */
export function cyclesPerYear(orbitPeriodS: number): number {
  return (365.25 * 86_400) / orbitPeriodS;
}
