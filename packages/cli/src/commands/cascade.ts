import { dirname, resolve } from "node:path";
import { loadScenarioFile } from "@orbitwin/coordinator";
import { loadBackground } from "@orbitwin/debris-watch";
import {
  CascadeKind,
  generateDebrisPopulation,
  projectConstellationDebris,
  runCascade,
  sunSynchronousInclinationDeg,
  type CascadeObjectInit,
  type CascadeRow,
  type ConstellationDebrisInput,
} from "@orbitwin/physics";
import { elementsAtSlot } from "@orbitwin/protocol";
import { parseCommandArgs, parseDurationFlag, parseNonNegativeInt, parsePositiveInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatCount } from "../format.js";
import { fraction as isFraction, optionalNumber, positive as isPositive, requiredNumber, type Flags } from "./physics-flags.js";

export const cascadeHelp = `orbitwin cascade [--scenario FILE] [--synthetic N] [--years Y] [flags]
orbitwin cascade --constellation N --alt-km H [flags]

Long-horizon debris evolution at coarse steps (cube method, NASA breakup model, drag and J2):
does the fleet set off a cascade? Prints object counts over time. The population is the
scenario's fleet (active satellites) and its debris: section (catalog files, synthetic
population), plus --synthetic N more synthetic debris objects.

  --scenario FILE           fleet and background debris from this scenario
  --synthetic N             synthetic LEO debris objects to add (default 0)
  --years Y                 how long (default 25)
  --step D                  step, e.g. 5d (default 5d)
  --cube-km K               cube side, km (default 10)
  --seed S                  seed (default: the scenario's, else 1)
  --lifetime D              service life of the fleet's satellites (default 5y)
  --disposal F              fraction of retiring satellites that deorbit (default 0.9)
  --avoidance F             fraction of collisions an active satellite avoids (default 0.99)
  --launches-per-year N     replacement launches into the first walker or shell constellation (default 0)
  --min-fragment-m L        smallest fragment followed, m (default 0.1)
  --json                    one JSON object per row

With --constellation, a source-sink model of one shell instead (docs/PHYSICS.md, "Constellation
debris"): N satellites held by launches that replace retirements and losses, derelicts that
failed to dispose, and fragments; collisions by kinetic gas theory, fragments by the NASA breakup
model, drag. Rows carry the fragments' reproduction number R: R >= 1 is runaway (Kessler's
critical density), the fragments multiplying with no launch at all. It uses --years (default
50), --lifetime, --disposal, --avoidance and --min-fragment-m above, and:

  --constellation N         satellites held in the shell
  --alt-km H                middle of the shell, km (200-2,000)
  --thickness-km T          shell thickness, km (default 50)
  --mass-kg M               satellite mass, kg (default 1000)
  --area-m2 A               satellite cross-section, m^2 (default 20)
  --launches-until Y        no launches after Y years (default: launches throughout)
  --derelicts N             derelicts in the shell at the start (default 0)
  --fragments N             fragments in the band at the start (default 0)
  --fragment-band-km B      altitude band the fragments spread over, km (default 100)
  --json                    one JSON object: the rows, the lifetimes, the critical count, the runaway year
`;

const FLEET_RADIUS_M = 5;
const SHELL_FLAGS = ["alt-km", "thickness-km", "mass-kg", "area-m2", "launches-until", "derelicts", "fragments", "fragment-band-km"] as const;
const MONTE_CARLO_FLAGS = ["scenario", "synthetic", "step", "cube-km", "seed", "launches-per-year"] as const;
const FLEET_MASS_KG = 800;

/** Synchronous work: the whole evolution runs in this process, rows printed as they come. */
export function cascadeCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    scenario: { type: "string" },
    synthetic: { type: "string" },
    years: { type: "string" },
    step: { type: "string" },
    "cube-km": { type: "string" },
    seed: { type: "string" },
    lifetime: { type: "string" },
    disposal: { type: "string" },
    avoidance: { type: "string" },
    "launches-per-year": { type: "string" },
    "min-fragment-m": { type: "string" },
    constellation: { type: "string" },
    "alt-km": { type: "string" },
    "thickness-km": { type: "string" },
    "mass-kg": { type: "string" },
    "area-m2": { type: "string" },
    "launches-until": { type: "string" },
    derelicts: { type: "string" },
    fragments: { type: "string" },
    "fragment-band-km": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(cascadeHelp);
    return Promise.resolve(0);
  }
  if (values.constellation !== undefined) return Promise.resolve(constellationCascade(values));
  for (const f of SHELL_FLAGS) if (values[f] !== undefined) throw new UsageError(`--${f} goes with --constellation N (the shell model)`);
  const fraction = (raw: string | undefined, flag: string) => {
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!(v >= 0 && v <= 1)) throw new UsageError(`${flag} ${raw}: give a fraction between 0 and 1`);
    return v;
  };
  const positive = (raw: string | undefined, flag: string, max: number) => {
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!(v > 0 && v <= max)) throw new UsageError(`${flag} ${raw}: give a number above 0, at most ${max}`);
    return v;
  };
  const years = positive(values.years, "--years", 500) ?? 25;
  const stepDays = values.step === undefined ? 5 : parseDurationFlag(values.step, "--step") / 86_400_000;
  const lifetimeYears = values.lifetime === undefined ? 5 : parseDurationFlag(values.lifetime, "--lifetime") / (365.25 * 86_400_000);
  const synthetic = values.synthetic === undefined ? 0 : parsePositiveInt(values.synthetic, "--synthetic", 2_000_000);
  const population: CascadeObjectInit[] = [];
  let seed = values.seed === undefined ? undefined : parsePositiveInt(values.seed, "--seed", 2 ** 32 - 1);
  let epochMs = Date.UTC(2026, 0, 1);
  let shell: { altKm: number; inclinationDeg: number } | undefined;
  if (values.scenario) {
    const loaded = loadScenarioFile(values.scenario, "cascade");
    const s = loaded.scenario;
    seed ??= s.seed;
    epochMs = s.epochMs;
    for (const def of loaded.clusters)
      def.satIds.forEach((_, slot) =>
        population.push({ elements: elementsAtSlot(def, slot), radiusM: FLEET_RADIUS_M, massKg: FLEET_MASS_KG, kind: CascadeKind.active, lifetimeYears }),
      );
    for (const b of loadBackground(s.debris, dirname(resolve(values.scenario)), s.seed, s.epochMs))
      population.push({ elements: b.elements, radiusM: b.sizeM / 2, massKg: b.massKg, kind: CascadeKind.debris });
    const walker = s.constellations.find((c) => c.kind === "walker" || c.kind === "shell");
    if (walker && (walker.kind === "walker" || walker.kind === "shell")) {
      shell = { altKm: walker.altKm, inclinationDeg: walker.inclinationDeg === "sso" ? sunSynchronousInclinationDeg(walker.altKm) : walker.inclinationDeg };
    }
  }
  seed ??= 1;
  for (const d of generateDebrisPopulation({ count: synthetic, seed: seed + 1, epochMs, idPrefix: "cascade" }))
    population.push({ elements: d.elements, radiusM: d.sizeM / 2, massKg: d.massKg, kind: CascadeKind.debris });
  if (population.length === 0) throw new UsageError("nothing to evolve: give --scenario FILE and/or --synthetic N");
  const launchesPerYear = values["launches-per-year"] === undefined ? 0 : parsePositiveInt(values["launches-per-year"], "--launches-per-year", 1_000_000);
  if (launchesPerYear > 0 && !shell) throw new UsageError("--launches-per-year needs a scenario with a walker or shell constellation to launch into");
  const avoidance = fraction(values.avoidance, "--avoidance");
  const disposal = fraction(values.disposal, "--disposal");
  const cubeKm = positive(values["cube-km"], "--cube-km", 100);
  const minFragment = positive(values["min-fragment-m"], "--min-fragment-m", 10);
  if (!values.json)
    process.stdout.write(
      `${"years".padStart(6)} ${"objects".padStart(10)} ${"active".padStart(9)} ${"derelict".padStart(9)} ${"debris".padStart(10)} ${"collisions".padStart(10)} ${"fragments".padStart(10)} ${"re-entered".padStart(10)}\n`,
    );
  const print = (r: CascadeRow) => {
    process.stdout.write(
      values.json
        ? JSON.stringify(r) + "\n"
        : `${r.years.toFixed(1).padStart(6)} ${formatCount(r.objects).padStart(10)} ${formatCount(r.active).padStart(9)} ${formatCount(r.derelict).padStart(9)} ${formatCount(r.debris).padStart(10)} ${formatCount(r.collisions).padStart(10)} ${formatCount(r.fragments).padStart(10)} ${formatCount(r.reentered).padStart(10)}\n`,
    );
  };
  runCascade(
    population,
    {
      years,
      stepDays,
      seed,
      ...(cubeKm === undefined ? {} : { cubeKm }),
      ...(avoidance === undefined ? {} : { avoidanceSuccess: avoidance }),
      ...(disposal === undefined ? {} : { disposalSuccess: disposal }),
      ...(minFragment === undefined ? {} : { minFragmentSizeM: minFragment }),
      ...(launchesPerYear > 0 && shell
        ? { launches: { perYear: launchesPerYear, ...shell, radiusM: FLEET_RADIUS_M, massKg: FLEET_MASS_KG, lifetimeYears } }
        : {}),
    },
    print,
  );
  return Promise.resolve(0);
}

/** The shell model of --constellation: one JSON object, or a table with the summary under it. */
function constellationCascade(values: Flags): number {
  for (const f of MONTE_CARLO_FLAGS)
    if (values[f] !== undefined) throw new UsageError(`--${f} is for the Monte Carlo cascade; --constellation runs the shell model`);
  const YEAR_MS = 365.25 * 86_400_000;
  const lifetime = values.lifetime;
  const input: ConstellationDebrisInput = {
    satellites: parseNonNegativeInt(String(values.constellation), "--constellation"),
    altKm: requiredNumber(values, "alt-km", (x) => x >= 200 && x <= 2000, "an altitude within 200..2,000 km"),
    thicknessKm: optionalNumber(values, "thickness-km", 50, isPositive, "a thickness above 0 km")!,
    satelliteMassKg: optionalNumber(values, "mass-kg", 1000, isPositive, "a mass above 0 kg")!,
    satelliteAreaM2: optionalNumber(values, "area-m2", 20, isPositive, "an area above 0 m^2")!,
    // a duration as in the Monte Carlo mode (5y, 60m, seconds when bare)
    lifetimeYears: typeof lifetime === "string" ? parseDurationFlag(lifetime, "--lifetime") / YEAR_MS : 5,
    disposalReliability: optionalNumber(values, "disposal", 0.9, isFraction, "a fraction between 0 and 1")!,
    avoidanceSuccess: optionalNumber(values, "avoidance", 0.99, isFraction, "a fraction between 0 and 1")!,
    years: optionalNumber(values, "years", 50, (x) => x > 0 && x <= 500, "a number of years above 0, at most 500")!,
    initialDerelicts: optionalNumber(values, "derelicts", 0, (x) => x >= 0, "a count, 0 or more")!,
    initialFragments: optionalNumber(values, "fragments", 0, (x) => x >= 0, "a count, 0 or more")!,
    fragmentMinSizeM: optionalNumber(values, "min-fragment-m", 0.1, isPositive, "a size above 0 m")!,
    fragmentBandKm: optionalNumber(values, "fragment-band-km", 100, isPositive, "a band above 0 km")!,
  };
  const until = optionalNumber(values, "launches-until", undefined, (x) => x >= 0, "a number of years, 0 or more");
  if (until !== undefined) input.launchesUntilYears = until;
  const r = projectConstellationDebris(input);
  if (values.json) {
    process.stdout.write(JSON.stringify({ input, ...r }) + "\n");
    return 0;
  }
  const cell = (x: number) => (x < 1e6 ? formatCount(Math.round(x)) : x.toExponential(2)).padStart(10);
  process.stdout.write(
    `${"years".padStart(6)} ${"active".padStart(10)} ${"derelicts".padStart(10)} ${"fragments".padStart(10)} ${"coll./yr".padStart(10)} ${"collisions".padStart(10)} ${"launch/yr".padStart(10)} ${"R".padStart(7)}\n`,
  );
  for (const row of r.rows)
    process.stdout.write(
      `${row.years.toFixed(1).padStart(6)} ${cell(row.active)} ${cell(row.derelicts)} ${cell(row.fragments)} ${row.collisionsPerYear.toPrecision(3).padStart(10)} ${cell(row.collisions)} ${cell(row.launchesPerYear)} ${row.reproduction.toPrecision(3).padStart(7)}\n`,
    );
  process.stdout.write(
    `fragments last ${r.fragmentLifetimeYears.toPrecision(3)} years in their ${input.fragmentBandKm} km band, derelicts ${r.derelictLifetimeYears.toPrecision(3)} years in the shell\n` +
      `critical count: ${formatCount(Math.round(r.criticalDerelicts))} derelicts (R = 1); ` +
      (r.runawayFromYears === null ? "no runaway within the span\n" : `runaway (R >= 1) from year ${r.runawayFromYears.toFixed(1)}\n`) +
      (r.stoppedAtYears === null ? "" : `stopped at year ${r.stoppedAtYears.toFixed(1)}: more than 1e12 fragments\n`),
  );
  return 0;
}
