import { describe, expect, it } from "vitest";
import { acceleratorPowerW, acceleratorThroughputFlops, junctionTempK, maxClockForJunction, type AcceleratorSpec } from "./compute.js";
import { ALSAT1_SEU_PER_BIT_DAY, doseRateRadPerS, drawHardFailure, drawSingleEvents, hardFailureProbability, replaceWithSpares } from "./radiation.js";
import { counterPoisson } from "./rng.js";
import { LAUNCH_PRICE_FALCON9_USD_PER_KG, LAUNCH_PRICE_PARITY_USD_PER_KG, orbitalCost, satelliteMassKg, terrestrialCost } from "./economics.js";

const gpu: AcceleratorSpec = { tdpW: 700, idleW: 80, junctionResistanceKPerW: 0.05, junctionLimitK: 368, peakFlops: 1e15 };

describe("accelerators", () => {
  it("draws TDP at full load and idle power at none", () => {
    expect(acceleratorPowerW(gpu, 1, 1)).toBe(700);
    expect(acceleratorPowerW(gpu, 0, 1)).toBe(80);
    expect(acceleratorThroughputFlops(gpu, 0.5, 0.8)).toBeCloseTo(4e14, 3);
  });

  it("throttles to the clock that puts the junction exactly at its limit", () => {
    const nodeK = 345;
    expect(junctionTempK(gpu, nodeK, 700)).toBeGreaterThan(368);
    const clock = maxClockForJunction(gpu, nodeK, 1);
    expect(clock).toBeLessThan(1);
    expect(junctionTempK(gpu, nodeK, acceleratorPowerW(gpu, 1, clock))).toBeCloseTo(368, 6);
    expect(maxClockForJunction(gpu, 300, 1)).toBe(1);
    expect(maxClockForJunction(gpu, 366, 1)).toBe(0);
  });
});

describe("radiation", () => {
  it("peaks in the South Atlantic Anomaly and grows with altitude", () => {
    const saa = doseRateRadPerS({ latDeg: -26, lonDeg: -50, altKm: 550 });
    const pacific = doseRateRadPerS({ latDeg: 0, lonDeg: 160, altKm: 550 });
    expect(saa / pacific).toBeGreaterThan(50);
    expect(doseRateRadPerS({ latDeg: -26, lonDeg: -50, altKm: 800 })).toBeGreaterThan(3 * saa);
    expect(doseRateRadPerS({ latDeg: -26, lonDeg: -50, altKm: 550, shieldingMmAl: 10 })).toBeLessThan(saa / 10);
  });

  it("reproduces Alsat-1's 4.04e-7 upsets per bit per day as a Poisson mean (physics-cases 19)", () => {
    const bits = 8 * 1024 * 1024 * 8;
    const lambda = bits * ALSAT1_SEU_PER_BIT_DAY;
    let sum = 0;
    for (let day = 0; day < 2000; day++) sum += counterPoisson(lambda, 19, 1, day, 7);
    expect(Math.abs(sum / 2000 - lambda) / lambda).toBeLessThan(0.02);
  });

  it("draws single-event effects reproducibly and in proportion to the dose rate", () => {
    const rates = { sdcPerDay: 0.5, uncorrectablePerDay: 0.1, functionalInterruptPerDay: 0.02, referenceRadPerDay: 2 };
    const key = { seed: 3, entity: 42, tick: 100 };
    const rate = 2 / 86_400;
    expect(drawSingleEvents(rates, rate, 86_400, key)).toEqual(drawSingleEvents(rates, rate, 86_400, key));
    let sdc = 0;
    for (let t = 0; t < 5000; t++) sdc += drawSingleEvents(rates, 2 * rate, 86_400, { ...key, tick: t }).sdc;
    expect(Math.abs(sdc / 5000 - 1)).toBeLessThan(0.05);
  });

  it("fails parts along the Weibull dose curve plus a random rate", () => {
    const model = { tidScaleRad: 30_000, tidShape: 3, fit: 500 };
    expect(1 - Math.exp(-1)).toBeCloseTo(hardFailureProbability({ ...model, fit: 0 }, 0, 30_000, 0), 12);
    const year = 365.25 * 86_400;
    expect(hardFailureProbability({ ...model, tidScaleRad: 1e12 }, 0, 0, year)).toBeCloseTo(1 - Math.exp(-500e-9 * 8766), 9);
    let failed = 0;
    for (let e = 0; e < 20_000; e++) if (drawHardFailure(model, 0, 30_000, 0, { seed: 1, entity: e, tick: 0 })) failed++;
    expect(Math.abs(failed / 20_000 - (1 - Math.exp(-1)))).toBeLessThan(0.015);
  });

  it("brings spares online until they run out", () => {
    expect(replaceWithSpares(8, 2, 3)).toEqual({ active: 7, spares: 0, replaced: 2 });
    expect(replaceWithSpares(8, 2, 1)).toEqual({ active: 8, spares: 1, replaced: 1 });
  });
});

describe("economics (physics-cases 25)", () => {
  const mass = satelliteMassKg({ busKg: 300, arrayAreaM2: 105, arrayKgPerM2: 2, radiatorAreaM2: 40, radiatorKgPerM2: 5, accelerators: 8, kgPerAccelerator: 15, shieldingKg: 40, batteryKg: 120, propellantKg: 60 });
  const orbital = (launchUsdPerKg: number) =>
    orbitalCost({ massKg: mass, launchUsdPerKg, satelliteHardwareUsd: 1_000_000, accelerators: 8, usdPerAccelerator: 30_000, computePowerKw: 6, lifetimeYears: 5, operationsUsdPerYear: 20_000, meanAvailability: 0.9 });

  it("adds up the launch mass from the parts", () => {
    expect(mass).toBe(300 + 210 + 200 + 120 + 40 + 120 + 60);
  });

  it("costs less per kW-year as launch falls from $3,600/kg to the $200/kg parity threshold", () => {
    const today = orbital(LAUNCH_PRICE_FALCON9_USD_PER_KG);
    const parity = orbital(LAUNCH_PRICE_PARITY_USD_PER_KG);
    expect(today.totalUsd - parity.totalUsd).toBeCloseTo(mass * 3400, 6);
    expect(parity.usdPerKwYear).toBeLessThan(today.usdPerKwYear);
    expect(today.usdPerAcceleratorHour).toBeCloseTo(today.totalUsd / (8 * 0.9 * 5 * 8766), 9);
  });

  it("prices a terrestrial data center's energy with its PUE", () => {
    const base = { facilityUsdPerKw: 10_000, facilityLifetimeYears: 15, electricityUsdPerKwh: 0.08, accelerators: 8, usdPerAccelerator: 30_000, itPowerKw: 6, acceleratorLifetimeYears: 5 };
    const efficient = terrestrialCost({ ...base, pue: 1.1 });
    const wasteful = terrestrialCost({ ...base, pue: 1.6 });
    expect(wasteful.totalUsd - efficient.totalUsd).toBeCloseTo(6 * 0.5 * 0.08 * 5 * 8766, 3);
  });
});
