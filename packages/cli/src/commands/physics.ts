/**
 * `orbitwin physics <model> [flags]`: the physics models from outside the code. Each prints one
 * JSON object (or array) with units in its keys, or one line of error and a non-zero exit.
 */
import { readFileSync } from "node:fs";
import {
  BadElementsError,
  STEFAN_BOLTZMANN,
  collisionFragmentCount,
  collisionProbabilityChan,
  collisionProbabilityFoster,
  createOrbitState,
  eclipseSeason,
  energyToMassRatioJPerG,
  flatPlateEquilibriumK,
  formationReference,
  isCatastrophic,
  parseTleRecords,
  projectEncounter,
  propagateBatch,
  raanForLtanDeg,
  satrecEpochMs,
  satrecFromTle,
  sunSynchronousInclinationDeg,
  suncatcherFormation,
  toSatrec,
  type Vec3,
} from "@orbitwin/physics";
import { OrbitwinError } from "@orbitwin/protocol";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import { describeFailure, isDebugging } from "../refusal.js";
import { fraction, isoTime, optionalNumber, positive, requiredNumber, sides, vector, type Flags } from "./physics-flags.js";

export const physicsHelp = `orbitwin physics <model> [flags]     (one JSON object on stdout; units in the keys)

  propagate  --tle FILE (--at ISO8601 | --minutes T)
  eclipse    --alt-km H (--inc-deg I | --sso) (--raan-deg R | --ltan HH:MM) --from ISO8601 --to ISO8601
  radiator   --temp-k T --emissivity E --sides 1|2 [--absorptivity A --solar-w-m2 S --view-factor F
             --albedo ALB --earth-temp-k TE]   (absorbed: alpha S direct, alpha S ALB F albedo, eps sigma TE^4 F IR)
  equilibrium --absorptivity A --emissivity E --sides 1|2 [--solar-w-m2 S]
  cooldown   --temp-k T0 --heat-capacity-j-per-k C --area-m2 A --emissivity E --sides 1|2 --seconds T
  pc         --r1 x,y,z --v1 x,y,z --cov1 c11,..,c33 --r2 .. --v2 .. --cov2 .. --hbr-km R [--method foster|chan]
             (km, km/s, km^2, one inertial frame; TCA by straight-line relative motion from the given states)
  breakup    --mass1-kg M1 --mass2-kg M2 --speed-km-s V [--lc-m L]
  economics  --mass-kg M --power-kw P --life-years Y --launch-usd-per-kg C
  formation  --alt-km H --count N --radius-km R --orbits K
`;

const FLAG_NAMES = [
  "tle",
  "at",
  "minutes",
  "alt-km",
  "inc-deg",
  "raan-deg",
  "ltan",
  "from",
  "to",
  "temp-k",
  "emissivity",
  "sides",
  "absorptivity",
  "solar-w-m2",
  "view-factor",
  "albedo",
  "earth-temp-k",
  "heat-capacity-j-per-k",
  "area-m2",
  "seconds",
  "r1",
  "v1",
  "cov1",
  "r2",
  "v2",
  "cov2",
  "hbr-km",
  "method",
  "mass1-kg",
  "mass2-kg",
  "speed-km-s",
  "lc-m",
  "mass-kg",
  "power-kw",
  "life-years",
  "launch-usd-per-kg",
  "count",
  "radius-km",
  "orbits",
] as const;

const models: Record<string, (f: Flags) => unknown> = { propagate, eclipse, radiator, equilibrium, cooldown, pc, breakup, economics, formation };

export function physicsCommand(argv: string[]): Promise<number> {
  const [model, ...rest] = argv;
  if (!model || model === "--help" || model === "-h") {
    process.stdout.write(physicsHelp);
    return Promise.resolve(model ? 0 : 2);
  }
  try {
    const run = models[model];
    if (!run) throw new UsageError(`unknown model "${model}": one of ${Object.keys(models).join(", ")}`);
    const options: Record<string, { type: "string" | "boolean" }> = Object.fromEntries(FLAG_NAMES.map((n) => [n, { type: "string" as const }]));
    options.sso = { type: "boolean" };
    const { values, positionals } = parseCommandArgs(rest, options);
    if (values.help === true) {
      process.stdout.write(physicsHelp);
      return Promise.resolve(0);
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    process.stdout.write(JSON.stringify(run(values)) + "\n");
    return Promise.resolve(0);
  } catch (err) {
    // Every refusal here is about the flags given (a model's own range checks included): exit 2.
    if (!(err instanceof OrbitwinError)) throw err;
    process.stderr.write(describeFailure(`orbitwin physics ${model}`, err, isDebugging()));
    return Promise.resolve(2);
  }
}

function propagate(f: Flags) {
  const file = f.tle;
  if (typeof file !== "string") throw new UsageError("--tle FILE is required");
  const hasAt = typeof f.at === "string";
  if (hasAt === (f.minutes !== undefined)) throw new UsageError("give exactly one of --at ISO8601 or --minutes T");
  const atMs = hasAt ? isoTime(f, "at") : undefined;
  const minutes = optionalNumber(f, "minutes", undefined);
  const records = parseTleRecords(readFileSync(file, "utf8"), file);
  const state = createOrbitState(1);
  return records.map((r) => {
    const satrec = satrecFromTle(r.line1, r.line2);
    const t = atMs ?? satrecEpochMs(satrec) + minutes! * 60_000;
    propagateBatch([satrec], t, state);
    if (state.errorCode[0] !== 0)
      throw new BadElementsError(
        `${r.elements.name ?? r.elements.noradId}: SGP4 failed (error ${state.errorCode[0]}) at ${new Date(t).toISOString()}: check the element set, or ask for a time nearer its epoch`,
      );
    return {
      id: r.elements.noradId !== undefined ? String(r.elements.noradId) : (r.elements.name ?? ""),
      positionKm: [state.posKm[0], state.posKm[1], state.posKm[2]],
      velocityKmS: [state.velKmS[0], state.velKmS[1], state.velKmS[2]],
      latDeg: state.latDeg[0],
      lonDeg: state.lonDeg[0],
      altKm: state.altKm[0],
    };
  });
}

function eclipse(f: Flags) {
  const altKm = requiredNumber(f, "alt-km", (x) => x >= 150 && x <= 40_000, "an altitude from 150 to 40000 km");
  if ((f.sso === true) === (f["inc-deg"] !== undefined)) throw new UsageError("give exactly one of --inc-deg I or --sso");
  if ((f["raan-deg"] !== undefined) === (f.ltan !== undefined)) throw new UsageError("give exactly one of --raan-deg R or --ltan HH:MM");
  const startMs = isoTime(f, "from");
  const endMs = isoTime(f, "to");
  if (endMs <= startMs) throw new UsageError("--to must be after --from");
  const inclinationDeg =
    f.sso === true ? sunSynchronousInclinationDeg(altKm) : requiredNumber(f, "inc-deg", (x) => x >= 0 && x <= 180, "an inclination from 0 to 180 deg");
  let raanDeg: number;
  if (typeof f.ltan === "string") {
    const m = /^(\d{1,2}):(\d{2})$/.exec(f.ltan);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new UsageError(`--ltan ${f.ltan}: must be a local time HH:MM such as 18:00`);
    raanDeg = raanForLtanDeg(Number(m[1]) + Number(m[2]) / 60, startMs);
  } else {
    raanDeg = requiredNumber(f, "raan-deg");
  }
  const s = eclipseSeason({ altKm, inclinationDeg, raanDeg, startMs, endMs });
  return {
    sunlitFraction: s.sunlitFraction,
    eclipseDays: s.eclipseDays,
    maxEclipseMinutes: s.maxEclipseMinutes,
    betaMinDeg: s.betaMinDeg,
    betaMaxDeg: s.betaMaxDeg,
    inclinationDeg,
    raanDeg,
  };
}

function radiator(f: Flags) {
  const tempK = requiredNumber(f, "temp-k", positive, "a temperature above 0 K");
  const eps = requiredNumber(f, "emissivity", fraction, "between 0 and 1");
  const faces = sides(f);
  const alpha = optionalNumber(f, "absorptivity", 0, fraction, "between 0 and 1")!;
  const solar = optionalNumber(f, "solar-w-m2", 0, (x) => x >= 0, "a flux >= 0")!;
  const viewFactor = optionalNumber(f, "view-factor", 0, fraction, "between 0 and 1")!;
  const albedo = optionalNumber(f, "albedo", 0, fraction, "between 0 and 1")!;
  const earthK = optionalNumber(f, "earth-temp-k", 0, (x) => x >= 0, "a temperature >= 0 K")!;
  const emittedWPerM2 = faces * eps * STEFAN_BOLTZMANN * tempK ** 4;
  const absorbedWPerM2 = alpha * solar + alpha * solar * albedo * viewFactor + eps * STEFAN_BOLTZMANN * earthK ** 4 * viewFactor;
  return { emittedWPerM2, absorbedWPerM2, netRejectionWPerM2: emittedWPerM2 - absorbedWPerM2 };
}

function equilibrium(f: Flags) {
  const alpha = requiredNumber(f, "absorptivity", fraction, "between 0 and 1");
  const eps = requiredNumber(f, "emissivity", (x) => x > 0 && x <= 1, "above 0 and at most 1");
  return {
    tempK: flatPlateEquilibriumK(
      alpha,
      eps,
      sides(f),
      optionalNumber(f, "solar-w-m2", undefined, (x) => x >= 0, "a flux >= 0"),
    ),
  };
}

/** Radiative cooling with nothing absorbed: dT/dt = -k T^4, so T = (T0^-3 + 3 k t)^(-1/3). */
function cooldown(f: Flags) {
  const t0 = requiredNumber(f, "temp-k", positive, "a temperature above 0 K");
  const c = requiredNumber(f, "heat-capacity-j-per-k", positive, "above 0");
  const area = requiredNumber(f, "area-m2", positive, "above 0");
  const eps = requiredNumber(f, "emissivity", fraction, "between 0 and 1");
  const seconds = requiredNumber(f, "seconds", (x) => x >= 0, "at least 0");
  const k = (sides(f) * eps * STEFAN_BOLTZMANN * area) / c;
  return { tempK: Math.pow(t0 ** -3 + 3 * k * seconds, -1 / 3) };
}

function pc(f: Flags) {
  const r1 = vector(f, "r1", 3);
  const v1 = vector(f, "v1", 3);
  const r2 = vector(f, "r2", 3);
  const v2 = vector(f, "v2", 3);
  const cov = vector(f, "cov1", 9).map((c, i) => c + vector(f, "cov2", 9)[i]!);
  const hbr = requiredNumber(f, "hbr-km", positive, "a radius above 0 km");
  const method = typeof f.method === "string" ? f.method : "foster";
  if (method !== "foster" && method !== "chan") throw new UsageError(`--method ${method}: must be foster or chan`);
  const r: Vec3 = [r2[0]! - r1[0]!, r2[1]! - r1[1]!, r2[2]! - r1[2]!];
  const v: Vec3 = [v2[0]! - v1[0]!, v2[1]! - v1[1]!, v2[2]! - v1[2]!];
  const speed2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  if (speed2 === 0) throw new UsageError("the two velocities are equal: no encounter to evaluate");
  const t = -(r[0] * v[0] + r[1] * v[1] + r[2] * v[2]) / speed2;
  const miss: Vec3 = [r[0] + v[0] * t, r[1] + v[1] * t, r[2] + v[2] * t];
  const plane = projectEncounter(miss, v, cov, hbr);
  const value = method === "foster" ? collisionProbabilityFoster(plane) : collisionProbabilityChan(plane);
  return { pc: value, missDistanceKm: Math.hypot(...miss), relativeSpeedKmS: Math.sqrt(speed2), tcaOffsetS: t, method };
}

function breakup(f: Flags) {
  const m1 = requiredNumber(f, "mass1-kg", positive, "a mass above 0 kg");
  const m2 = requiredNumber(f, "mass2-kg", positive, "a mass above 0 kg");
  const speed = requiredNumber(f, "speed-km-s", positive, "a speed above 0 km/s");
  const lc = optionalNumber(f, "lc-m", 0.1, positive, "a size above 0 m")!;
  const c = { projectileMassKg: Math.min(m1, m2), targetMassKg: Math.max(m1, m2), relSpeedKmS: speed };
  return { catastrophic: isCatastrophic(c), emrJPerG: energyToMassRatioJPerG(c), fragments: Math.floor(collisionFragmentCount(c, lc)), lcM: lc };
}

function economics(f: Flags) {
  const mass = requiredNumber(f, "mass-kg", positive, "a mass above 0 kg");
  const powerKw = requiredNumber(f, "power-kw", positive, "a power above 0 kW");
  const years = requiredNumber(f, "life-years", positive, "a lifetime above 0 years");
  const price = requiredNumber(f, "launch-usd-per-kg", (x) => x >= 0, "a price >= 0");
  const launchUsd = mass * price;
  return { launchUsd, usdPerKwYear: launchUsd / (powerKw * years) };
}

function formation(f: Flags) {
  const altKm = requiredNumber(f, "alt-km", (x) => x >= 150 && x <= 40_000, "an altitude from 150 to 40000 km");
  const count = requiredNumber(f, "count", (x) => Number.isInteger(x) && x >= 2 && x <= 1000, "a whole number from 2 to 1000");
  const radiusKm = requiredNumber(f, "radius-km", (x) => x > 0 && x <= 1000, "above 0 and at most 1000 km");
  const orbits = requiredNumber(f, "orbits", (x) => x > 0 && x <= 100, "above 0 and at most 100");
  const epochMs = Date.UTC(2026, 5, 21);
  const sats = suncatcherFormation({ count, radiusM: radiusKm * 1000, altKm, epochMs }).map((e) => toSatrec(e));
  const ref = [toSatrec(formationReference({ altKm, epochMs }))];
  const state = createOrbitState(count);
  const refState = createOrbitState(1);
  const periodMs = (86_400_000 / formationReference({ altKm, epochMs }).meanMotionRevPerDay) * orbits;
  const samples = Math.ceil(200 * orbits);
  let nnMin = Infinity;
  let nnMax = 0;
  let alongMax = 0;
  let radialMax = 0;
  for (let k = 0; k <= samples; k++) {
    const t = epochMs + (k * periodMs) / samples;
    propagateBatch(sats, t, state);
    propagateBatch(ref, t, refState);
    const rp: Vec3 = [refState.posKm[0]!, refState.posKm[1]!, refState.posKm[2]!];
    const rv: Vec3 = [refState.velKmS[0]!, refState.velKmS[1]!, refState.velKmS[2]!];
    const rn = Math.hypot(...rp);
    const R: Vec3 = [rp[0] / rn, rp[1] / rn, rp[2] / rn];
    const vn = Math.hypot(...rv);
    const T: Vec3 = [rv[0] / vn, rv[1] / vn, rv[2] / vn];
    let aMin = Infinity;
    let aMax = -Infinity;
    let rMin = Infinity;
    let rMax = -Infinity;
    for (let i = 0; i < count; i++) {
      const d: Vec3 = [state.posKm[3 * i]! - rp[0], state.posKm[3 * i + 1]! - rp[1], state.posKm[3 * i + 2]! - rp[2]];
      const along = d[0] * T[0] + d[1] * T[1] + d[2] * T[2];
      const radial = d[0] * R[0] + d[1] * R[1] + d[2] * R[2];
      aMin = Math.min(aMin, along);
      aMax = Math.max(aMax, along);
      rMin = Math.min(rMin, radial);
      rMax = Math.max(rMax, radial);
      let nearest = Infinity;
      for (let j = 0; j < count; j++) {
        if (j === i) continue;
        nearest = Math.min(
          nearest,
          Math.hypot(
            state.posKm[3 * i]! - state.posKm[3 * j]!,
            state.posKm[3 * i + 1]! - state.posKm[3 * j + 1]!,
            state.posKm[3 * i + 2]! - state.posKm[3 * j + 2]!,
          ),
        );
      }
      nnMin = Math.min(nnMin, nearest);
      nnMax = Math.max(nnMax, nearest);
    }
    alongMax = Math.max(alongMax, aMax - aMin);
    radialMax = Math.max(radialMax, rMax - rMin);
  }
  return { nearestNeighborMinM: nnMin * 1000, nearestNeighborMaxM: nnMax * 1000, maxExtentAlongTrackM: alongMax * 1000, maxExtentRadialM: radialMax * 1000 };
}
