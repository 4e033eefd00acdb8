/**
 * Every subsystem of every satellite of a cluster, one tick: sunlight -> array power -> battery ->
 * loads; compute load -> heat -> three thermal nodes (compute, radiator, bus); radiation dose,
 * single-event effects, hard failures and spares. State is structure-of-arrays by slot; the step
 * is a pure function of (spec, state, orbit inputs, tick) with chance from the keyed generator.
 */
import { acceleratorPowerW, type AcceleratorSpec } from "./compute.js";
import type { SolarArray } from "./power.js";
import { cycleLifeAtDod, type BatterySpec } from "./battery.js";
import { doseRateAt, shieldingFactor, type HardFailureModel, type SingleEventRates } from "./radiation.js";
import { counterPoisson, counterUniform } from "./rng.js";
import { STEFAN_BOLTZMANN, DEEP_SPACE_K } from "./thermal.js";
import { earthIrWM2, EARTH_ALBEDO } from "./thermal-environment.js";

export interface SatelliteBusSpec {
  array: SolarArray;
  battery: BatterySpec;
  /** avionics, attitude control, comms, heaters: always on, W */
  busLoadW: number;
  accelerator: AcceleratorSpec;
  acceleratorsActive: number;
  acceleratorSpares: number;
  /** fraction of time the accelerators run work, 0..1 */
  utilization: number;
  thermal: {
    computeHeatCapacityJK: number;
    radiatorHeatCapacityJK: number;
    busHeatCapacityJK: number;
    /** radiator panel area, both faces radiate, m^2 */
    radiatorAreaM2: number;
    radiatorEmissivity: number;
    radiatorAbsorptivity: number;
    /** view factor of the radiator to the Earth (edge-on panels: ~0.3) */
    radiatorEarthViewFactor: number;
    busRadiatingAreaM2: number;
    busEmissivity: number;
    /** sunlit bus area times absorptivity, m^2 */
    busSolarAbsorbingAreaM2: number;
    computeToRadiatorWK: number;
    busToRadiatorWK: number;
  };
  shieldingMmAl: number;
  singleEvents: SingleEventRates;
  hardFailure: HardFailureModel;
  /** hazard multiplier per kelvin of junction temperature above the limit, 1/K */
  overTempHazardPerK: number;
}

export interface SatelliteState {
  count: number;
  batteryWh: Float64Array;
  batteryHealth: Float64Array;
  tempComputeK: Float64Array;
  tempRadiatorK: Float64Array;
  tempBusK: Float64Array;
  doseRad: Float64Array;
  acceleratorsActive: Uint16Array;
  sparesLeft: Uint16Array;
  acceleratorsFailed: Uint16Array;
  /** Weibull cumulative hazard of total dose so far, (D / D63)^beta */
  tidHazard: Float64Array;
  /** commanded clock fraction, 0..1 (the thermal service's throttle) */
  clockCommand: Float64Array;
  /** commanded duty cycle, 0..1: the fraction of the bus's utilization allowed */
  dutyCycle: Float64Array;
  /** fraction of the accelerators given work, 0..1 (the scheduler's placement; 1 without one) */
  load: Float64Array;
  /** what is left of the radiator's rejection (area x emissivity) after damage, 0..1 */
  radiatorFactor: Float64Array;
  /** what is left of the solar array's output after damage or extra degradation, 0..1 */
  arrayFactor: Float64Array;
  /** dose-rate multiplier (a solar particle event or storm), 1 normally */
  doseFactor: Float64Array;
  /** 1 = compute shed for lack of power this tick */
  powerShed: Uint8Array;
  /** silent data corruptions so far */
  sdcCount: Float64Array;
  /** accelerator-seconds of work delivered so far */
  acceleratorSeconds: Float64Array;
  /** last tick's generated and consumed power, W */
  generatedW: Float64Array;
  consumedW: Float64Array;
}

export function createSatelliteState(spec: SatelliteBusSpec, count: number, initialTempK = 290): SatelliteState {
  return {
    count,
    batteryWh: new Float64Array(count).fill(spec.battery.capacityWh),
    batteryHealth: new Float64Array(count).fill(1),
    tempComputeK: new Float64Array(count).fill(initialTempK),
    tempRadiatorK: new Float64Array(count).fill(initialTempK),
    tempBusK: new Float64Array(count).fill(initialTempK),
    doseRad: new Float64Array(count),
    tidHazard: new Float64Array(count),
    acceleratorsActive: new Uint16Array(count).fill(spec.acceleratorsActive),
    sparesLeft: new Uint16Array(count).fill(spec.acceleratorSpares),
    acceleratorsFailed: new Uint16Array(count),
    clockCommand: new Float64Array(count).fill(1),
    dutyCycle: new Float64Array(count).fill(1),
    load: new Float64Array(count).fill(1),
    radiatorFactor: new Float64Array(count).fill(1),
    arrayFactor: new Float64Array(count).fill(1),
    doseFactor: new Float64Array(count).fill(1),
    powerShed: new Uint8Array(count),
    sdcCount: new Float64Array(count),
    acceleratorSeconds: new Float64Array(count),
    generatedW: new Float64Array(count),
    consumedW: new Float64Array(count),
  };
}

export interface OrbitInputs {
  sunlitFraction: Float64Array;
  latDeg: Float64Array;
  lonDeg: Float64Array;
  altKm: Float64Array;
  /** 0 = ok; anything else skips the slot (its satellite is gone) */
  status: Uint8Array;
}

export interface StepKey {
  seed: number;
  tick: number;
  /** global entity id of slot 0; slot i uses firstEntity + i */
  firstEntity: number;
}

const PURPOSE_FAILURE = 201;
const PURPOSE_SDC = 202;

export function stepSatellites(spec: SatelliteBusSpec, s: SatelliteState, orbit: OrbitInputs, dtS: number, ageYears: number, key: StepKey, solarWM2 = 1361): void {
  const th = spec.thermal;
  const hours = dtS / 3600;
  const capacityBaseWh = spec.battery.capacityWh;
  const floorFraction = 1 - spec.battery.maxDepthOfDischarge;
  const irRadiatorW = th.radiatorEmissivity * earthIrWM2(EARTH_ALBEDO, solarWM2) * th.radiatorEarthViewFactor * th.radiatorAreaM2;
  const radEa = STEFAN_BOLTZMANN * th.radiatorEmissivity * th.radiatorAreaM2;
  const busEa = STEFAN_BOLTZMANN * th.busEmissivity * th.busRadiatingAreaM2;
  const sink4 = DEEP_SPACE_K ** 4;
  // Per-tick constants, hoisted out of the per-satellite loop.
  const a = spec.array;
  const fullSunW = a.areaM2 * a.efficiency * a.packingFactor * solarWM2 * Math.pow(1 - a.degradationPerYear, Math.max(0, ageYears));
  const fullClockW = acceleratorPowerW(spec.accelerator, spec.utilization, 1);
  const shielding = shieldingFactor(spec.shieldingMmAl);
  const randomHazard = (spec.hardFailure.fit / 1e9) * (dtS / 3600);
  const sdcPerRadPerAccelerator = spec.singleEvents.sdcPerDay / spec.singleEvents.referenceRadPerDay;
  for (let i = 0; i < s.count; i++) {
    if (orbit.status[i] !== 0) continue;
    const sun = orbit.sunlitFraction[i]!;
    // Power: generation, then loads, then the battery covers or stores the difference.
    const generatedW = fullSunW * sun * s.arrayFactor[i]!;
    const active = s.acceleratorsActive[i]!;
    const clock = s.clockCommand[i]!;
    const work = s.dutyCycle[i]! * s.load[i]!;
    let computeW = active * (clock === 1 && work === 1 ? fullClockW : acceleratorPowerW(spec.accelerator, spec.utilization * work, clock));
    const capacityWh = capacityBaseWh * s.batteryHealth[i]!;
    const floorWh = capacityWh * floorFraction;
    let net = generatedW - spec.busLoadW - computeW;
    let energy = s.batteryWh[i]!;
    s.powerShed[i] = 0;
    if (net >= 0) {
      energy = Math.min(capacityWh, energy + net * hours * spec.battery.chargeEfficiency);
    } else {
      const needWh = (-net * hours) / spec.battery.dischargeEfficiency;
      if (energy - needWh < floorWh) {
        // Not enough: shed compute (the bus stays up), then draw what the bus still needs.
        s.powerShed[i] = 1;
        computeW = 0;
        net = generatedW - spec.busLoadW;
        if (net < 0) energy = Math.max(floorWh, energy + (net * hours) / spec.battery.dischargeEfficiency);
      } else {
        energy -= needWh;
        const cycles = needWh / capacityWh;
        s.batteryHealth[i] = Math.max(0, s.batteryHealth[i]! - (0.2 * cycles) / cycleLifeAtDod(spec.battery, 1 - energy / capacityWh));
      }
    }
    s.batteryWh[i] = energy;
    s.generatedW[i] = generatedW;
    s.consumedW[i] = spec.busLoadW + computeW;
    // Thermal: three nodes, backward Euler, two Newton iterations from the last temperatures.
    const qCompute = computeW;
    const qRadiator = irRadiatorW + th.radiatorAbsorptivity * solarWM2 * EARTH_ALBEDO * th.radiatorEarthViewFactor * th.radiatorAreaM2 * sun;
    const qBus = spec.busLoadW + th.busSolarAbsorbingAreaM2 * solarWM2 * sun;
    stepThreeNodes(s, i, spec, dtS, qCompute, qRadiator * s.radiatorFactor[i]!, qBus, radEa * s.radiatorFactor[i]!, busEa, sink4);
    // Radiation: dose, silent data corruption, hard failures (dose, random, over-temperature).
    const doseRate = doseRateAt(orbit.latDeg[i]!, orbit.lonDeg[i]!, orbit.altKm[i]!, shielding, s.doseFactor[i]!);
    const dDose = doseRate * dtS;
    const entity = key.firstEntity + i;
    if (active > 0 && computeW > 0) {
      const lambda = sdcPerRadPerAccelerator * active * doseRate * dtS;
      if (lambda > 0) s.sdcCount[i] = s.sdcCount[i]! + counterPoisson(lambda, key.seed, entity, key.tick, PURPOSE_SDC);
      s.acceleratorSeconds[i] = s.acceleratorSeconds[i]! + active * spec.utilization * work * clock * dtS;
    }
    const hazardBefore = s.tidHazard[i]!;
    const hazardAfter = Math.pow((s.doseRad[i]! + dDose) / spec.hardFailure.tidScaleRad, spec.hardFailure.tidShape);
    s.tidHazard[i] = hazardAfter;
    if (active > 0) {
      const junctionK = s.tempComputeK[i]! + spec.accelerator.junctionResistanceKPerW * (computeW / Math.max(1, active));
      const overK = junctionK - spec.accelerator.junctionLimitK;
      const hazard = hazardAfter - hazardBefore + randomHazard + (overK > 0 ? spec.overTempHazardPerK * overK * dtS : 0);
      const failures = hazard > 0 ? binomialFailures(active, 1 - Math.exp(-hazard), counterUniform(key.seed, entity, key.tick, PURPOSE_FAILURE)) : 0;
      if (failures > 0) {
        const replaced = Math.min(s.sparesLeft[i]!, failures);
        s.sparesLeft[i] = s.sparesLeft[i]! - replaced;
        s.acceleratorsActive[i] = active - failures + replaced;
        s.acceleratorsFailed[i] = s.acceleratorsFailed[i]! + failures;
      }
    }
    s.doseRad[i] = s.doseRad[i]! + dDose;
  }
}

/**
 * Failures among `n` parts each failing with probability p, by inverting the binomial CDF with one
 * keyed uniform (the common no-failure case costs one comparison).
 */
function binomialFailures(n: number, p: number, u: number): number {
  const q = 1 - p;
  if (q <= 0) return n;
  let pk = Math.pow(q, n);
  let cdf = pk;
  let k = 0;
  while (u >= cdf && k < n) {
    pk *= ((n - k) / (k + 1)) * (p / q);
    k++;
    cdf += pk;
  }
  return k;
}

function stepThreeNodes(s: SatelliteState, i: number, spec: SatelliteBusSpec, dtS: number, qC: number, qR: number, qB: number, radEa: number, busEa: number, sink4: number): void {
  const th = spec.thermal;
  const cC = th.computeHeatCapacityJK / dtS;
  const cR = th.radiatorHeatCapacityJK / dtS;
  const cB = th.busHeatCapacityJK / dtS;
  const gCR = th.computeToRadiatorWK;
  const gBR = th.busToRadiatorWK;
  const oC = s.tempComputeK[i]!;
  const oR = s.tempRadiatorK[i]!;
  const oB = s.tempBusK[i]!;
  let tC = oC;
  let tR = oR;
  let tB = oB;
  for (let it = 0; it < 3; it++) {
    const tR3 = tR * tR * tR;
    const tB3 = tB * tB * tB;
    const fC = cC * (tC - oC) - qC - gCR * (tR - tC);
    const fR = cR * (tR - oR) - qR - gCR * (tC - tR) - gBR * (tB - tR) + radEa * (tR3 * tR - sink4);
    const fB = cB * (tB - oB) - qB - gBR * (tR - tB) + busEa * (tB3 * tB - sink4);
    // Jacobian [[aC, -gCR, 0], [-gCR, aR, -gBR], [0, -gBR, aB]]: a tridiagonal solve.
    const aC = cC + gCR;
    const aR = cR + gCR + gBR + 4 * radEa * tR3;
    const aB = cB + gBR + 4 * busEa * tB3;
    const m1 = -gCR / aC;
    const aR2 = aR + gCR * m1;
    const fR2 = -fR - m1 * -fC;
    const m2 = -gBR / aR2;
    const aB2 = aB + gBR * m2;
    const fB2 = -fB - m2 * fR2;
    const dB = fB2 / aB2;
    const dR = (fR2 + gBR * dB) / aR2;
    const dC = (-fC + gCR * dR) / aC;
    tC += dC;
    tR += dR;
    tB += dB;
    if (Math.abs(dC) + Math.abs(dR) + Math.abs(dB) < 1e-6) break;
  }
  s.tempComputeK[i] = tC;
  s.tempRadiatorK[i] = tR;
  s.tempBusK[i] = tB;
}
