import { describe, expect, it } from "vitest";
import { LAUNCH_PRICE_FALCON9_USD_PER_KG, LAUNCH_PRICE_PARITY_USD_PER_KG, orbitalCost, satelliteMassKg, terrestrialCost } from "./economics.js";

describe("economics (physics-cases 25: scenario prices, not physics)", () => {
  const mass = satelliteMassKg({
    busKg: 300,
    arrayAreaM2: 105,
    arrayKgPerM2: 2,
    radiatorAreaM2: 40,
    radiatorKgPerM2: 5,
    accelerators: 8,
    kgPerAccelerator: 15,
    shieldingKg: 40,
    batteryKg: 120,
    propellantKg: 60,
  });
  const orbital = (launchUsdPerKg: number) =>
    orbitalCost({
      massKg: mass,
      launchUsdPerKg,
      satelliteHardwareUsd: 1_000_000,
      accelerators: 8,
      usdPerAccelerator: 30_000,
      computePowerKw: 6,
      lifetimeYears: 5,
      operationsUsdPerYear: 20_000,
      meanAvailability: 0.9,
    });

  it("carries the launch prices of the Suncatcher paper: $3,600/kg today, $200/kg for parity", () => {
    expect(LAUNCH_PRICE_FALCON9_USD_PER_KG).toBe(3600);
    expect(LAUNCH_PRICE_PARITY_USD_PER_KG).toBe(200);
  });

  it("adds up the launch mass from the parts", () => {
    expect(mass).toBe(300 + 210 + 200 + 120 + 40 + 120 + 60);
  });

  it("costs less per kW-year as launch falls from $3,600/kg to the $200/kg parity threshold", () => {
    const today = orbital(LAUNCH_PRICE_FALCON9_USD_PER_KG);
    const parity = orbital(LAUNCH_PRICE_PARITY_USD_PER_KG);
    expect(today.totalUsd).toBeCloseTo(mass * 3600 + 1_000_000 + 240_000 + 100_000, 6);
    expect(today.totalUsd - parity.totalUsd).toBeCloseTo(mass * 3400, 6);
    expect(parity.usdPerKwYear).toBeLessThan(today.usdPerKwYear);
    expect(today.usdPerKwYear).toBeCloseTo(today.totalUsd / (6 * 0.9 * 5), 6);
    expect(today.usdPerAcceleratorHour).toBeCloseTo(today.totalUsd / (8 * 0.9 * 5 * 8766), 9);
  });

  it("prices a terrestrial data center's energy with its PUE", () => {
    const base = {
      facilityUsdPerKw: 10_000,
      facilityLifetimeYears: 15,
      electricityUsdPerKwh: 0.08,
      accelerators: 8,
      usdPerAccelerator: 30_000,
      itPowerKw: 6,
      acceleratorLifetimeYears: 5,
    };
    const efficient = terrestrialCost({ ...base, pue: 1.1 });
    const wasteful = terrestrialCost({ ...base, pue: 1.6 });
    expect(wasteful.totalUsd - efficient.totalUsd).toBeCloseTo(6 * 0.5 * 0.08 * 5 * 8766, 3);
    expect(efficient.totalUsd).toBeCloseTo((10_000 * 6 * 5) / 15 + 6 * 1.1 * 0.08 * 5 * 8766 + 240_000, 3);
  });
});
