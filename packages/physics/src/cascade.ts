/**
 * Long-horizon debris evolution (years to decades) at coarse steps, for 10^5 to 10^6 objects, in
 * the manner of MOCAT-MC (Jang et al. 2022) and LEGEND: orbits advance by their secular J2 rates
 * and drag decay (exponential atmosphere); at every step each object sits at its mean-anomaly
 * position and the cube method (Liou 2003) gives every pair that shares a cube of side dU a
 * collision probability v_rel sigma dt / dU^3 over the step. Collisions are drawn from the
 * counter RNG, so a run is a pure function of its inputs; colliders break up by the NASA standard
 * breakup model and their fragments join the population. Active satellites avoid a collision
 * with the configured success, retire after their lifetime and dispose of themselves with the
 * configured success (else they stay as derelicts). Launches replenish a fleet.
 */
import { collisionBreakup } from "./breakup.js";
import type { Vec3 } from "./conjunction.js";
import { atmosphereDensityKgM3 } from "./atmosphere.js";
import type { MeanElements } from "./elements.js";
import { PhysicsInputError } from "./errors.js";
import { EARTH_RADIUS_KM, J2, MU_KM3_S2, semiMajorAxisKmFromMeanMotion } from "./orbit.js";
import { osculatingElements } from "./orbit-determination.js";
import { counterUniform } from "./rng.js";
import { ErrorCodes } from "@orbitwin/errors";

export const CascadeKind = { active: 0, derelict: 1, debris: 2 } as const;

export interface CascadeObjectInit {
  elements: MeanElements;
  radiusM: number;
  massKg: number;
  kind: (typeof CascadeKind)[keyof typeof CascadeKind];
  /** years of service left, for active satellites */
  lifetimeYears?: number;
}

export interface LaunchPlan {
  perYear: number;
  altKm: number;
  inclinationDeg: number;
  radiusM: number;
  massKg: number;
  lifetimeYears: number;
}

export interface CascadeOptions {
  years: number;
  /** @default 5 */
  stepDays?: number;
  /** @default 10 */
  cubeKm?: number;
  seed: number;
  /** smallest fragment followed, m @default 0.1 */
  minFragmentSizeM?: number;
  /** fraction of collisions with an active satellite it avoids @default 0.99 */
  avoidanceSuccess?: number;
  /** fraction of retiring satellites that deorbit @default 0.9 */
  disposalSuccess?: number;
  launches?: LaunchPlan;
  /** a timeline row every this many years @default 1 */
  reportEveryYears?: number;
}

export interface CascadeRow {
  years: number;
  objects: number;
  active: number;
  derelict: number;
  debris: number;
  collisions: number;
  fragments: number;
  reentered: number;
}

const DRAG_COEFFICIENT = 2.2;
const REENTRY_PERIGEE_KM = 150;
const SECONDS_PER_YEAR = 365.25 * 86_400;
const Purpose = { collision: 501, avoidance: 502, disposal: 503, launchPhase: 504, launchPlane: 505 } as const;

/** Structure-of-arrays population, grown by doubling and compacted after removals. */
class Population {
  n = 0;
  aKm = new Float64Array(0);
  e = new Float64Array(0);
  inc = new Float64Array(0);
  raan = new Float64Array(0);
  argp = new Float64Array(0);
  meanAnom = new Float64Array(0);
  radiusM = new Float64Array(0);
  massKg = new Float64Array(0);
  areaToMass = new Float64Array(0);
  kind = new Uint8Array(0);
  retireAtYears = new Float64Array(0);
  id = new Float64Array(0);
  #nextId = 0;

  add(
    aKm: number,
    e: number,
    incRad: number,
    raanRad: number,
    argpRad: number,
    meanAnomRad: number,
    radiusM: number,
    massKg: number,
    kind: number,
    retireAtYears: number,
  ): void {
    if (this.n === this.aKm.length) this.#grow(Math.max(1024, 2 * this.n));
    const i = this.n++;
    this.aKm[i] = aKm;
    this.e[i] = e;
    this.inc[i] = incRad;
    this.raan[i] = raanRad;
    this.argp[i] = argpRad;
    this.meanAnom[i] = meanAnomRad;
    this.radiusM[i] = radiusM;
    this.massKg[i] = massKg;
    this.areaToMass[i] = (Math.PI * radiusM * radiusM) / massKg;
    this.kind[i] = kind;
    this.retireAtYears[i] = retireAtYears;
    this.id[i] = this.#nextId++;
  }

  /** Keeps the objects whose flag is 0, in order. */
  compact(removed: Uint8Array): void {
    let w = 0;
    const cols = [this.aKm, this.e, this.inc, this.raan, this.argp, this.meanAnom, this.radiusM, this.massKg, this.areaToMass, this.retireAtYears, this.id];
    for (let r = 0; r < this.n; r++) {
      if (removed[r]) continue;
      if (w !== r) {
        for (const c of cols) c[w] = c[r]!;
        this.kind[w] = this.kind[r]!;
      }
      w++;
    }
    this.n = w;
  }

  #grow(capacity: number): void {
    const f = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, this.n));
      return b;
    };
    this.aKm = f(this.aKm);
    this.e = f(this.e);
    this.inc = f(this.inc);
    this.raan = f(this.raan);
    this.argp = f(this.argp);
    this.meanAnom = f(this.meanAnom);
    this.radiusM = f(this.radiusM);
    this.massKg = f(this.massKg);
    this.areaToMass = f(this.areaToMass);
    this.retireAtYears = f(this.retireAtYears);
    this.id = f(this.id);
    const k = new Uint8Array(capacity);
    k.set(this.kind.subarray(0, this.n));
    this.kind = k;
  }
}

function checkOptions(o: CascadeOptions): void {
  const bad = (m: string) => new PhysicsInputError(ErrorCodes.badCascade, `cascade: ${m}`);
  if (!(o.years > 0 && o.years <= 500)) throw bad(`years = ${o.years}: must be within (0, 500]`);
  if (o.stepDays !== undefined && !(o.stepDays >= 0.1 && o.stepDays <= 60)) throw bad(`stepDays = ${o.stepDays}: must be within 0.1..60`);
  if (o.cubeKm !== undefined && !(o.cubeKm >= 1 && o.cubeKm <= 100)) throw bad(`cubeKm = ${o.cubeKm}: must be within 1..100`);
  if (!Number.isSafeInteger(o.seed)) throw bad(`seed = ${o.seed}: must be a safe integer`);
  for (const [name, v] of [
    ["avoidanceSuccess", o.avoidanceSuccess],
    ["disposalSuccess", o.disposalSuccess],
  ] as const)
    if (v !== undefined && !(v >= 0 && v <= 1)) throw bad(`${name} = ${v}: must be within 0..1`);
}

export function runCascade(initial: readonly CascadeObjectInit[], options: CascadeOptions, onRow?: (row: CascadeRow) => void): CascadeRow[] {
  checkOptions(options);
  const stepS = (options.stepDays ?? 5) * 86_400;
  const cubeKm = options.cubeKm ?? 10;
  const cubeVolumeKm3 = cubeKm ** 3;
  const minSizeM = options.minFragmentSizeM ?? 0.1;
  const avoidance = options.avoidanceSuccess ?? 0.99;
  const disposal = options.disposalSuccess ?? 0.9;
  const reportEvery = options.reportEveryYears ?? 1;
  const pop = new Population();
  for (const o of initial) {
    const el = o.elements;
    const deg = Math.PI / 180;
    pop.add(
      semiMajorAxisKmFromMeanMotion(el.meanMotionRevPerDay),
      el.eccentricity,
      el.inclinationDeg * deg,
      el.raanDeg * deg,
      el.argPerigeeDeg * deg,
      el.meanAnomalyDeg * deg,
      o.radiusM,
      o.massKg,
      o.kind,
      o.kind === CascadeKind.active ? (o.lifetimeYears ?? 5) : Infinity,
    );
  }
  const totals = { collisions: 0, fragments: 0, reentered: 0 };
  const rows: CascadeRow[] = [];
  const steps = Math.ceil((options.years * SECONDS_PER_YEAR) / stepS);
  let launchCarry = 0;
  let nextReport = 0;
  const report = (years: number) => {
    const row: CascadeRow = { years, objects: pop.n, active: 0, derelict: 0, debris: 0, ...totals };
    for (let i = 0; i < pop.n; i++) {
      const k = pop.kind[i];
      if (k === CascadeKind.active) row.active++;
      else if (k === CascadeKind.derelict) row.derelict++;
      else row.debris++;
    }
    rows.push(row);
    onRow?.(row);
  };
  for (let step = 0; step <= steps; step++) {
    const years = (step * stepS) / SECONDS_PER_YEAR;
    if (years + 1e-9 >= nextReport) {
      report(years);
      nextReport += reportEvery;
    }
    if (step === steps) break;
    launchCarry = launch(pop, options.launches, years, stepS, options.seed, step, launchCarry);
    const removed = new Uint8Array(pop.n);
    retire(pop, years, disposal, options.seed, step, removed, totals);
    advance(pop, stepS, removed, totals);
    collide(pop, stepS, cubeKm, cubeVolumeKm3, avoidance, minSizeM, options.seed, step, removed, totals);
    pop.compact(removed);
  }
  return rows;
}

function launch(pop: Population, plan: LaunchPlan | undefined, years: number, stepS: number, seed: number, step: number, carry: number): number {
  if (!plan || plan.perYear <= 0) return carry;
  let due = carry + (plan.perYear * stepS) / SECONDS_PER_YEAR;
  let k = 0;
  while (due >= 1) {
    const u1 = counterUniform(seed, k, step, Purpose.launchPlane);
    const u2 = counterUniform(seed, k, step, Purpose.launchPhase);
    pop.add(
      EARTH_RADIUS_KM + plan.altKm,
      0.0001,
      (plan.inclinationDeg * Math.PI) / 180,
      2 * Math.PI * u1,
      0,
      2 * Math.PI * u2,
      plan.radiusM,
      plan.massKg,
      CascadeKind.active,
      years + plan.lifetimeYears,
    );
    due -= 1;
    k++;
  }
  return due;
}

function retire(pop: Population, years: number, disposal: number, seed: number, step: number, removed: Uint8Array, totals: { reentered: number }): void {
  for (let i = 0; i < pop.n; i++) {
    if (pop.kind[i] !== CascadeKind.active || pop.retireAtYears[i]! > years) continue;
    if (counterUniform(seed, pop.id[i]!, step, Purpose.disposal) < disposal) {
      removed[i] = 1;
      totals.reentered++;
    } else {
      pop.kind[i] = CascadeKind.derelict;
    }
  }
}

/** Secular J2 drift of the node, perigee and mean anomaly, and drag decay (King-Hele, near-circular). */
function advance(pop: Population, stepS: number, removed: Uint8Array, totals: { reentered: number }): void {
  for (let i = 0; i < pop.n; i++) {
    if (removed[i]) continue;
    const a = pop.aKm[i]!;
    const e = pop.e[i]!;
    const inc = pop.inc[i]!;
    const n = Math.sqrt(MU_KM3_S2 / (a * a * a));
    const p = a * (1 - e * e);
    const k = 1.5 * J2 * (EARTH_RADIUS_KM / p) ** 2 * n;
    const sinI2 = Math.sin(inc) ** 2;
    pop.raan[i] = (pop.raan[i]! - k * Math.cos(inc) * stepS) % (2 * Math.PI);
    pop.argp[i] = (pop.argp[i]! + k * (2 - 2.5 * sinI2) * stepS) % (2 * Math.PI);
    pop.meanAnom[i] = (pop.meanAnom[i]! + (n + k * Math.sqrt(1 - e * e) * (1 - 1.5 * sinI2)) * stepS) % (2 * Math.PI);
    if (pop.kind[i] !== CascadeKind.active) {
      // da/dt = -rho B sqrt(mu a), in metres; active satellites keep station.
      const heightKm = a * (1 - e) - EARTH_RADIUS_KM;
      const rho = atmosphereDensityKgM3(heightKm + 0.5 * a * e);
      const b = DRAG_COEFFICIENT * pop.areaToMass[i]!;
      const daM = -rho * b * Math.sqrt(MU_KM3_S2 * 1e9 * a * 1000) * stepS;
      pop.aKm[i] = a + daM / 1000;
    }
    if (pop.aKm[i]! * (1 - e) - EARTH_RADIUS_KM < REENTRY_PERIGEE_KM) {
      removed[i] = 1;
      totals.reentered++;
    }
  }
}

function stateOf(pop: Population, i: number, pos: Float64Array, vel: Float64Array, o: number): void {
  const a = pop.aKm[i]!;
  const e = pop.e[i]!;
  const M = pop.meanAnom[i]!;
  let E = e < 0.8 ? M : Math.PI;
  for (let k = 0; k < 6; k++) E -= (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
  const nu = 2 * Math.atan2(Math.sqrt(1 + e) * Math.sin(E / 2), Math.sqrt(1 - e) * Math.cos(E / 2));
  const r = a * (1 - e * Math.cos(E));
  const u = pop.argp[i]! + nu;
  const cO = Math.cos(pop.raan[i]!);
  const sO = Math.sin(pop.raan[i]!);
  const ci = Math.cos(pop.inc[i]!);
  const si = Math.sin(pop.inc[i]!);
  const cu = Math.cos(u);
  const su = Math.sin(u);
  const rx = cO * cu - sO * su * ci;
  const ry = sO * cu + cO * su * ci;
  const rz = su * si;
  const tx = -cO * su - sO * cu * ci;
  const ty = -sO * su + cO * cu * ci;
  const tz = cu * si;
  const h = Math.sqrt(MU_KM3_S2 / (a * (1 - e * e)));
  const vr = h * e * Math.sin(nu);
  const vt = h * (1 + e * Math.cos(nu));
  pos[o] = r * rx;
  pos[o + 1] = r * ry;
  pos[o + 2] = r * rz;
  vel[o] = vr * rx + vt * tx;
  vel[o + 1] = vr * ry + vt * ty;
  vel[o + 2] = vr * rz + vt * tz;
}

function collide(
  pop: Population,
  stepS: number,
  cubeKm: number,
  cubeVolumeKm3: number,
  avoidance: number,
  minSizeM: number,
  seed: number,
  step: number,
  removed: Uint8Array,
  totals: { collisions: number; fragments: number },
): void {
  const n = pop.n;
  const pos = new Float64Array(3 * n);
  const vel = new Float64Array(3 * n);
  // Objects grouped by cube: a counting sort on a hash of the cube, then exact cube equality.
  let size = 1;
  while (size < 2 * Math.max(1, n)) size *= 2;
  const mask = size - 1;
  const cube = new Int32Array(3 * n);
  const bucket = new Int32Array(n).fill(-1);
  const start = new Int32Array(size + 1);
  const inv = 1 / cubeKm;
  for (let i = 0; i < n; i++) {
    if (removed[i]) continue;
    stateOf(pop, i, pos, vel, 3 * i);
    for (let c = 0; c < 3; c++) cube[3 * i + c] = Math.floor(pos[3 * i + c]! * inv);
    const b = (Math.imul(cube[3 * i]!, 0x8da6b343) ^ Math.imul(cube[3 * i + 1]!, 0xd8163841) ^ Math.imul(cube[3 * i + 2]!, 0xcb1ab31f)) & mask;
    bucket[i] = b;
    start[b + 1]!++;
  }
  for (let b = 0; b < size; b++) start[b + 1]! += start[b]!;
  const cursor = start.slice(0, size);
  const order = new Int32Array(start[size]!);
  for (let i = 0; i < n; i++) if (bucket[i]! >= 0) order[cursor[bucket[i]!]!++] = i;
  const newborn: { pos: Vec3; vel: Vec3; radiusM: number; massKg: number }[] = [];
  for (let b = 0; b < size; b++) {
    for (let x = start[b]!; x < start[b + 1]!; x++) {
      for (let y = x + 1; y < start[b + 1]!; y++) {
        const i = order[x]!;
        const j = order[y]!;
        if (removed[i] || removed[j]) continue;
        if (cube[3 * i] !== cube[3 * j] || cube[3 * i + 1] !== cube[3 * j + 1] || cube[3 * i + 2] !== cube[3 * j + 2]) continue;
        const vRel = Math.hypot(vel[3 * j]! - vel[3 * i]!, vel[3 * j + 1]! - vel[3 * i + 1]!, vel[3 * j + 2]! - vel[3 * i + 2]!);
        const sigmaKm2 = Math.PI * ((pop.radiusM[i]! + pop.radiusM[j]!) / 1000) ** 2;
        const p = (vRel * sigmaKm2 * stepS) / cubeVolumeKm3;
        const ida = Math.min(pop.id[i]!, pop.id[j]!);
        const idb = Math.max(pop.id[i]!, pop.id[j]!);
        const entity = (ida * 0x9e3779b1 + idb) % 2 ** 32;
        if (counterUniform(seed, entity, step, Purpose.collision) >= p) continue;
        const activeInvolved = pop.kind[i] === CascadeKind.active || pop.kind[j] === CascadeKind.active;
        if (activeInvolved && counterUniform(seed, entity, step, Purpose.avoidance) < avoidance) continue;
        removed[i] = 1;
        removed[j] = 1;
        totals.collisions++;
        const fragments = collisionBreakup({
          collision: { projectileMassKg: Math.min(pop.massKg[i]!, pop.massKg[j]!), targetMassKg: Math.max(pop.massKg[i]!, pop.massKg[j]!), relSpeedKmS: vRel },
          minSizeM,
          maxSizeM: Math.max(minSizeM * 1.01, 2 * Math.max(pop.radiusM[i]!, pop.radiusM[j]!)),
          seed,
          eventId: entity,
        });
        const share = pop.massKg[i]! / (pop.massKg[i]! + pop.massKg[j]!);
        for (let f = 0; f < fragments.count; f++) {
          const parent = counterUniform(seed, entity, f, Purpose.collision) < share ? i : j;
          newborn.push({
            pos: [pos[3 * parent]!, pos[3 * parent + 1]!, pos[3 * parent + 2]!],
            vel: [
              vel[3 * parent]! + fragments.deltaVKmS[3 * f]!,
              vel[3 * parent + 1]! + fragments.deltaVKmS[3 * f + 1]!,
              vel[3 * parent + 2]! + fragments.deltaVKmS[3 * f + 2]!,
            ],
            radiusM: fragments.sizeM[f]! / 2,
            massKg: fragments.massKg[f]!,
          });
        }
      }
    }
  }
  for (const f of newborn) {
    // Fragments kicked past escape speed leave the population.
    if (!(Math.hypot(...f.vel) ** 2 / 2 - MU_KM3_S2 / Math.hypot(...f.pos) < 0)) continue;
    const osc = osculatingElements(f.pos, f.vel);
    if (!(osc.eccentricity < 1) || osc.semiMajorAxisKm * (1 - osc.eccentricity) - EARTH_RADIUS_KM < REENTRY_PERIGEE_KM) continue;
    const deg = Math.PI / 180;
    pop.add(
      osc.semiMajorAxisKm,
      osc.eccentricity,
      osc.inclinationDeg * deg,
      osc.raanDeg * deg,
      osc.argPerigeeDeg * deg,
      osc.meanAnomalyDeg * deg,
      f.radiusM,
      f.massKg,
      CascadeKind.debris,
      Infinity,
    );
    totals.fragments++;
  }
}
