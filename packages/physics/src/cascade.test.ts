import { describe, expect, it } from "vitest";
import { atmosphereDensityKgM3 } from "./atmosphere.js";
import { CascadeKind, runCascade, type CascadeObjectInit } from "./cascade.js";
import { generateDebrisPopulation } from "./debris-population.js";
import { meanMotionRevPerDayFromAltKm } from "./orbit.js";

const epochMs = Date.UTC(2026, 4, 13);

function circular(altKm: number, inclinationDeg: number, raanDeg: number, meanAnomalyDeg: number): CascadeObjectInit["elements"] {
  return {
    epochMs,
    meanMotionRevPerDay: meanMotionRevPerDayFromAltKm(altKm, inclinationDeg),
    eccentricity: 0.0005,
    inclinationDeg,
    raanDeg,
    argPerigeeDeg: 0,
    meanAnomalyDeg,
    bstar: 0,
  };
}

describe("long-horizon cascade", () => {
  it("follows the exponential atmosphere's published densities", () => {
    expect(atmosphereDensityKgM3(400)).toBeCloseTo(3.725e-12, 15);
    expect(atmosphereDensityKgM3(550) / atmosphereDensityKgM3(500)).toBeCloseTo(Math.exp(-50 / 63.822), 6);
    expect(atmosphereDensityKgM3(800)).toBeLessThan(atmosphereDensityKgM3(700));
  });

  it("lets low debris re-enter within years while high debris stays", () => {
    const low: CascadeObjectInit = { elements: circular(300, 51.6, 0, 0), radiusM: 0.05, massKg: 0.01, kind: CascadeKind.debris };
    const high: CascadeObjectInit = { elements: circular(1200, 82, 0, 0), radiusM: 0.05, massKg: 0.01, kind: CascadeKind.debris };
    const rows = runCascade([low, high], { years: 3, seed: 1, stepDays: 2 });
    expect(rows[0]).toMatchObject({ objects: 2 });
    expect(rows.at(-1)).toMatchObject({ objects: 1, reentered: 1 });
  });

  it("retires active satellites: most deorbit, the rest stay as derelicts", () => {
    const fleet = Array.from({ length: 400 }, (_, i): CascadeObjectInit => ({
      elements: circular(550, 53, (i * 7) % 360, (i * 13) % 360),
      radiusM: 1.5,
      massKg: 800,
      kind: CascadeKind.active,
      lifetimeYears: 1,
    }));
    const rows = runCascade(fleet, { years: 2, seed: 3, disposalSuccess: 0.9 });
    const last = rows.at(-1)!;
    expect(last.active).toBe(0);
    expect(last.derelict).toBeGreaterThan(15);
    expect(last.derelict).toBeLessThan(70);
    expect(last.reentered + last.derelict + last.collisions * 2).toBeGreaterThanOrEqual(400 - last.debris);
  });

  it("breaks colliders up and adds their fragments when objects crowd one shell", () => {
    // 3000 large derelicts in one thin shell collide within a decade by the cube method.
    const crowd = Array.from({ length: 3000 }, (_, i): CascadeObjectInit => ({
      elements: circular(800, 98 + (i % 7) * 0.3, (i * 37) % 360, (i * 71) % 360),
      radiusM: 10,
      massKg: 1500,
      kind: CascadeKind.derelict,
    }));
    const rows = runCascade(crowd, { years: 10, seed: 7, stepDays: 10, minFragmentSizeM: 1 });
    const last = rows.at(-1)!;
    expect(last.collisions).toBeGreaterThan(0);
    expect(last.fragments).toBeGreaterThan(5 * last.collisions);
    expect(last.objects).toBeGreaterThan(3000);
  });

  it("is a pure function of its inputs and seed", () => {
    const population = generateDebrisPopulation({ count: 2000, seed: 4, epochMs }).map((d): CascadeObjectInit => ({
      elements: d.elements,
      radiusM: d.sizeM / 2,
      massKg: d.massKg,
      kind: CascadeKind.debris,
    }));
    const options = { years: 5, seed: 9, stepDays: 10, launches: { perYear: 200, altKm: 550, inclinationDeg: 53, radiusM: 5, massKg: 800, lifetimeYears: 5 } };
    expect(runCascade(population, options)).toEqual(runCascade(population, options));
    expect(runCascade(population, options).at(-1)!.active).toBeGreaterThan(900);
  });

  it("refuses options that make no sense, naming them", () => {
    expect(() => runCascade([], { years: 0, seed: 1 })).toThrow(/years = 0/);
    expect(() => runCascade([], { years: 1, seed: 1, stepDays: 100 })).toThrow(/stepDays = 100/);
    expect(() => runCascade([], { years: 1, seed: 1, avoidanceSuccess: 2 })).toThrow(/avoidanceSuccess = 2/);
  });
});
