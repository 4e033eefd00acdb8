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
import { CounterKeys, counterPoisson, counterUniformOfKey, counterUniformSurelyBelow } from "./rng.js";
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
  /** last tick's power drawn by the accelerators (0 when shed), W */
  computeW: Float64Array;
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
    computeW: new Float64Array(count),
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

/**
 * Slack under a no-event probability when ruling an event out without computing that
 * probability: it covers the rounding of exp, pow and the bounds (about 1e-16 each, times the
 * chips of a satellite), so a shortcut never decides otherwise than the exact path.
 */
const BOUND_SLACK = 1e-9;
/**
 * The sum over a satellite's chips of the TID hazard below which a step skips the Weibull
 * power law (see tidBounds); it only sets how rarely the exact path runs.
 */
const TID_SKIP_HAZARD = 1e-3;

/** What a step needs of the spec and the tick, computed once per call rather than per satellite. */
function stepConstants(spec: SatelliteBusSpec, dtS: number, ageYears: number, solarWM2: number) {
  const th = spec.thermal;
  const a = spec.array;
  const hf = spec.hardFailure;
  return {
    hours: dtS / 3600,
    floorFraction: 1 - spec.battery.maxDepthOfDischarge,
    fullSunW: a.areaM2 * a.efficiency * a.packingFactor * solarWM2 * Math.pow(1 - a.degradationPerYear, Math.max(0, ageYears)),
    fullClockW: acceleratorPowerW(spec.accelerator, spec.utilization, 1),
    irRadiatorW: th.radiatorEmissivity * earthIrWM2(EARTH_ALBEDO, solarWM2) * th.radiatorEarthViewFactor * th.radiatorAreaM2,
    albedoRadiatorW: th.radiatorAbsorptivity * solarWM2 * EARTH_ALBEDO * th.radiatorEarthViewFactor * th.radiatorAreaM2,
    solarBusW: th.busSolarAbsorbingAreaM2 * solarWM2,
    busLoadW: spec.busLoadW,
    radEa: STEFAN_BOLTZMANN * th.radiatorEmissivity * th.radiatorAreaM2,
    busEa: STEFAN_BOLTZMANN * th.busEmissivity * th.busRadiatingAreaM2,
    shielding: shieldingFactor(spec.shieldingMmAl),
    randomHazard: (hf.fit / 1e9) * (dtS / 3600),
    sdcPerRadPerAccelerator: spec.singleEvents.sdcPerDay / spec.singleEvents.referenceRadPerDay,
    ...tidBounds(hf, Math.max(1, spec.acceleratorsActive)),
  };
}

/**
 * Bounds on the Weibull TID hazard step H(D1) - H(D0), H = (D / D63)^beta, that need no power
 * law per satellite: below `lowDoseRad` the step is at most `lowDoseHazard` (H is increasing);
 * for beta >= 1, H is convex, so up to D63 the step is at most `slopePerRad` (D1 - D0). Past D63
 * (most chips gone) the step is computed exactly.
 */
function tidBounds(hf: HardFailureModel, chips: number): { lowDoseRad: number; lowDoseHazard: number; slopePerRad: number } {
  if (!(hf.tidShape > 0 && hf.tidScaleRad > 0)) return { lowDoseRad: -1, lowDoseHazard: 0, slopePerRad: Infinity };
  const lowDoseRad = hf.tidScaleRad * Math.pow(TID_SKIP_HAZARD / chips, 1 / hf.tidShape);
  return {
    lowDoseRad,
    lowDoseHazard: Math.pow(lowDoseRad / hf.tidScaleRad, hf.tidShape) * (1 + BOUND_SLACK) + BOUND_SLACK,
    slopePerRad: hf.tidShape >= 1 ? (hf.tidShape / hf.tidScaleRad) * (1 + BOUND_SLACK) : Infinity,
  };
}

type StepConstants = ReturnType<typeof stepConstants>;

/**
 * One tick of every satellite with a working orbit, in three passes over the slots (power, heat,
 * radiation; computeW carries the tick's compute power from the first to the others): each pass
 * keeps its constants at hand, and a satellite's numbers are the same as stepping it alone.
 */
export function stepSatellites(
  spec: SatelliteBusSpec,
  s: SatelliteState,
  orbit: OrbitInputs,
  dtS: number,
  ageYears: number,
  key: StepKey,
  solarWM2 = 1361,
): void {
  const k = stepConstants(spec, dtS, ageYears, solarWM2);
  stepPower(spec, s, orbit, k);
  stepHeat(threeNodeConstants(spec, dtS), s, orbit, k);
  stepRadiation(spec, s, orbit, k, dtS, key);
}

/** Generation, then loads, then the battery covers or stores the difference. */
function stepPower(spec: SatelliteBusSpec, s: SatelliteState, orbit: OrbitInputs, k: StepConstants): void {
  const battery = spec.battery;
  const busLoadW = spec.busLoadW;
  for (let i = 0; i < s.count; i++) {
    if (orbit.status[i] !== 0) continue;
    const generatedW = k.fullSunW * orbit.sunlitFraction[i]! * s.arrayFactor[i]!;
    const active = s.acceleratorsActive[i]!;
    const clock = s.clockCommand[i]!;
    const work = s.dutyCycle[i]! * s.load[i]!;
    let computeW = active * (clock === 1 && work === 1 ? k.fullClockW : acceleratorPowerW(spec.accelerator, spec.utilization * work, clock));
    const capacityWh = battery.capacityWh * s.batteryHealth[i]!;
    const floorWh = capacityWh * k.floorFraction;
    let net = generatedW - busLoadW - computeW;
    let energy = s.batteryWh[i]!;
    let shed = 0;
    if (net >= 0) {
      energy = Math.min(capacityWh, energy + net * k.hours * battery.chargeEfficiency);
    } else {
      const needWh = (-net * k.hours) / battery.dischargeEfficiency;
      if (energy - needWh < floorWh) {
        // Not enough: shed compute (the bus stays up), then draw what the bus still needs.
        shed = 1;
        computeW = 0;
        net = generatedW - busLoadW;
        if (net < 0) energy = Math.max(floorWh, energy + (net * k.hours) / battery.dischargeEfficiency);
      } else {
        energy -= needWh;
        const cycles = needWh / capacityWh;
        s.batteryHealth[i] = Math.max(0, s.batteryHealth[i]! - (0.2 * cycles) / cycleLifeAtDod(battery, 1 - energy / capacityWh));
      }
    }
    s.powerShed[i] = shed;
    s.batteryWh[i] = energy;
    s.generatedW[i] = generatedW;
    s.consumedW[i] = busLoadW + computeW;
    s.computeW[i] = computeW;
  }
}

/** Three nodes (compute, radiator, bus), backward Euler, Newton iterations from the last temperatures. */
function stepHeat(c: ReturnType<typeof threeNodeConstants>, s: SatelliteState, orbit: OrbitInputs, k: StepConstants): void {
  const { cC, cR, cB, gCR, gBR, aC, aR0, aB0, gCRm1, m1, sink4 } = c;
  const busEa = k.busEa;
  for (let i = 0; i < s.count; i++) {
    if (orbit.status[i] !== 0) continue;
    const sun = orbit.sunlitFraction[i]!;
    const radiatorFactor = s.radiatorFactor[i]!;
    const qC = s.computeW[i]!;
    const qR = (k.irRadiatorW + k.albedoRadiatorW * sun) * radiatorFactor;
    const qB = k.busLoadW + k.solarBusW * sun;
    const radEa = k.radEa * radiatorFactor;
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
      const aR = aR0 + 4 * radEa * tR3;
      const aB = aB0 + 4 * busEa * tB3;
      const aR2 = aR + gCRm1;
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
}

/** Dose, silent data corruption, hard failures (dose, random, over-temperature) and spares. */
function stepRadiation(spec: SatelliteBusSpec, s: SatelliteState, orbit: OrbitInputs, k: StepConstants, dtS: number, key: StepKey): void {
  const hf = spec.hardFailure;
  const keys = new CounterKeys(key.seed, key.tick);
  for (let i = 0; i < s.count; i++) {
    if (orbit.status[i] !== 0) continue;
    const doseRate = doseRateAt(orbit.latDeg[i]!, orbit.lonDeg[i]!, orbit.altKm[i]!, k.shielding, s.doseFactor[i]!);
    const dDose = doseRate * dtS;
    const doseBefore = s.doseRad[i]!;
    const doseAfter = doseBefore + dDose;
    s.doseRad[i] = doseAfter;
    const active = s.acceleratorsActive[i]!;
    if (active === 0) continue;
    const entity = key.firstEntity + i;
    // Both draws of this satellite and tick share the hashed (seed, entity, tick).
    const draws = keys.of(entity);
    const drawnW = s.computeW[i]!;
    if (drawnW > 0) {
      const lambda = k.sdcPerRadPerAccelerator * active * doseRate * dtS;
      // No upset when u < exp(-lambda), and exp(-lambda) >= 1 - lambda.
      if (lambda > 0 && !counterUniformSurelyBelow(draws, PURPOSE_SDC, 1 - lambda - BOUND_SLACK)) {
        s.sdcCount[i] = s.sdcCount[i]! + counterPoisson(lambda, key.seed, entity, key.tick, PURPOSE_SDC);
      }
      s.acceleratorSeconds[i] = s.acceleratorSeconds[i]! + active * spec.utilization * (s.dutyCycle[i]! * s.load[i]!) * s.clockCommand[i]! * dtS;
    }
    const junctionK = s.tempComputeK[i]! + spec.accelerator.junctionResistanceKPerW * (drawnW / Math.max(1, active));
    const overK = junctionK - spec.accelerator.junctionLimitK;
    const overTempHazard = overK > 0 ? spec.overTempHazardPerK * overK * dtS : 0;
    // No failure when u < (1 - p)^n, which is at least 1 - n h for a hazard h.
    const tidMax =
      doseBefore >= 0 && doseAfter <= k.lowDoseRad
        ? k.lowDoseHazard
        : doseBefore >= 0 && doseAfter <= hf.tidScaleRad
          ? k.slopePerRad * dDose + BOUND_SLACK
          : Infinity;
    if (counterUniformSurelyBelow(draws, PURPOSE_FAILURE, 1 - active * (tidMax + k.randomHazard + overTempHazard) - BOUND_SLACK)) continue;
    const hazardBefore = Math.pow(doseBefore / hf.tidScaleRad, hf.tidShape);
    const hazardAfter = Math.pow(doseAfter / hf.tidScaleRad, hf.tidShape);
    const hazard = hazardAfter - hazardBefore + k.randomHazard + overTempHazard;
    const failures = hazard > 0 ? binomialFailures(active, 1 - Math.exp(-hazard), counterUniformOfKey(draws, PURPOSE_FAILURE)) : 0;
    if (failures > 0) {
      const replaced = Math.min(s.sparesLeft[i]!, failures);
      s.sparesLeft[i] = s.sparesLeft[i]! - replaced;
      s.acceleratorsActive[i] = active - failures + replaced;
      s.acceleratorsFailed[i] = s.acceleratorsFailed[i]! + failures;
    }
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

/** The parts of the three-node Newton step that depend only on the spec and the step length. */
function threeNodeConstants(spec: SatelliteBusSpec, dtS: number) {
  const th = spec.thermal;
  const cC = th.computeHeatCapacityJK / dtS;
  const cR = th.radiatorHeatCapacityJK / dtS;
  const cB = th.busHeatCapacityJK / dtS;
  const gCR = th.computeToRadiatorWK;
  const gBR = th.busToRadiatorWK;
  const aC = cC + gCR;
  const m1 = -gCR / aC;
  return { cC, cR, cB, gCR, gBR, aC, aR0: cR + gCR + gBR, aB0: cB + gBR, gCRm1: gCR * m1, m1, sink4: DEEP_SPACE_K ** 4 };
}
