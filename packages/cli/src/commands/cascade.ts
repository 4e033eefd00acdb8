import { dirname, resolve } from "node:path";
import { loadScenarioFile } from "@orbitwin/coordinator";
import { loadBackground } from "@orbitwin/debris-watch";
import { CascadeKind, generateDebrisPopulation, runCascade, sunSynchronousInclinationDeg, type CascadeObjectInit, type CascadeRow } from "@orbitwin/physics";
import { elementsAtSlot } from "@orbitwin/protocol";
import { parseCommandArgs, parseDurationFlag, parsePositiveInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatCount } from "../format.js";

export const cascadeHelp = `orbitwin cascade [--scenario FILE] [--synthetic N] [--years Y] [flags]

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
`;

const FLEET_RADIUS_M = 5;
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
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(cascadeHelp);
    return Promise.resolve(0);
  }
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
