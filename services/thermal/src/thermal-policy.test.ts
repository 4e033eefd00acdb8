import { describe, expect, it } from "vitest";
import { decide, initialControl, resolveThermalPolicy } from "./thermal-policy.js";

const policy = resolveThermalPolicy();
const reading = (over: Partial<Parameters<typeof decide>[1]> = {}) => ({
  junctionK: 330,
  junctionLimitK: 368,
  batterySoc: 0.9,
  alive: true,
  sunlitFraction: 1,
  dtS: 60,
  maxEclipseS: 2100,
  ...over,
});

describe("thermal policy", () => {
  it("throttles before the junction limit, when the predicted margin falls under the target", () => {
    const warm = decide(policy, reading({ junctionK: 357 }), { ...initialControl(), lastJunctionK: 352 });
    expect(warm.next.clock).toBeCloseTo(0.9, 9);
    expect(warm.alarms).toEqual([]);
  });

  it("sees a hot spell coming from the junction's rise", () => {
    const steady = decide(policy, reading({ junctionK: 355 }), { ...initialControl(), lastJunctionK: 355 });
    const rising = decide(policy, reading({ junctionK: 355 }), { ...initialControl(), lastJunctionK: 340 });
    expect(steady.next.clock).toBe(1);
    expect(rising.next.clock).toBeLessThan(1);
  });

  it("raises the clock again only past the hysteresis band", () => {
    const inBand = decide(policy, reading({ junctionK: 368 - 10 }), { ...initialControl(), clock: 0.5, lastJunctionK: 358 });
    expect(inBand.next.clock).toBe(0.5);
    const clear = decide(policy, reading({ junctionK: 368 - 20 }), { ...initialControl(), clock: 0.5, lastJunctionK: 348 });
    expect(clear.next.clock).toBeCloseTo(0.55, 9);
  });

  it("commands safe mode on a low battery and leaves it once recharged", () => {
    const low = decide(policy, reading({ batterySoc: 0.2 }), initialControl());
    expect(low.next.safeMode).toBe(true);
    expect(low.alarms).toEqual(["battery-low"]);
    const stillLow = decide(policy, reading({ batterySoc: 0.4 }), low.next);
    expect(stillLow.next.safeMode).toBe(true);
    const charged = decide(policy, reading({ batterySoc: 0.6, junctionK: 300 }), stillLow.next);
    expect(charged.next.safeMode).toBe(false);
  });

  it("cuts the duty cycle in shadow when the battery would not last to eclipse exit, and restores it in sunlight", () => {
    const start = { ...initialControl(), lastSoc: 0.6, shadowS: 600 };
    const draining = decide(policy, reading({ sunlitFraction: 0, batterySoc: 0.55 }), start);
    expect(draining.next.dutyCycle).toBeLessThan(1);
    expect(draining.alarms).toContain("eclipse-power");
    const lasts = decide(policy, reading({ sunlitFraction: 0, batterySoc: 0.899 }), { ...initialControl(), lastSoc: 0.9, shadowS: 600 });
    expect(lasts.next.dutyCycle).toBe(1);
    const sunrise = decide(policy, reading({ sunlitFraction: 1 }), draining.next);
    expect(sunrise.next.dutyCycle).toBe(1);
    expect(sunrise.next.shadowS).toBe(0);
  });

  it("leaves dead satellites alone", () => {
    const dead = decide(policy, reading({ alive: false, junctionK: 500 }), initialControl());
    expect(dead.next.clock).toBe(1);
    expect(dead.alarms).toEqual([]);
  });

  it("refuses a policy whose resume threshold is not above its safe-mode threshold", () => {
    expect(() => resolveThermalPolicy({ safeModeSoc: 0.5, resumeSoc: 0.4 })).toThrow(/resumeSoc/);
  });
});
