import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { clusterDefinitions } from "@orbitwin/coordinator";
import { loadBackground } from "@orbitwin/debris-watch";
import {
  EARTH_RADIUS_KM,
  STARLINK_MANEUVER_REPORTS,
  fleetTraffic,
  generateDebrisPopulation,
  parseTle,
  reportedManeuversPerSatPerDay,
  semiMajorAxisKmFromMeanMotion,
  shellTraffic,
} from "@orbitwin/physics";
import { elementColumns, parseScenario, type Scenario } from "@orbitwin/protocol";
import { parseCommandArgs, parsePositiveInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatCount } from "../format.js";
import { optionalNumber, positive, requiredNumber, type Flags } from "./physics-flags.js";

export const trafficHelp = `orbitwin traffic --satellites N --alt-km H [flags]
orbitwin traffic --tle FILE [--others-tle FILE] [--synthetic N] [flags]
orbitwin traffic --scenario FILE [--synthetic N] [flags]

Close approaches and avoidance maneuvers by kinetic gas theory (docs/PHYSICS.md, "Traffic"):
for one shell of N satellites among other objects, or for a real fleet's element sets binned
by altitude among other objects (their element sets, or a synthetic population with the shape
of the real one), or for a scenario's fleet among its debris: section's objects (catalogs,
neighbours, synthetic; its screening threshold and maneuver Pc unless given). With --tle, the
Starlink fleet's published maneuvers (SpaceX's semi-annual reports to the FCC) are printed beside
the model's.

  --satellites N         satellites in the shell
  --alt-km H             middle of the shell, km
  --thickness-km T       shell thickness, km (default 50)
  --others N             other objects in the same shell (default 0)
  --tle FILE             the fleet from element sets instead of a shell
  --scenario FILE        the fleet and its debris: section's objects from a scenario
  --others-tle FILE      other objects from element sets (with --tle or --scenario)
  --synthetic N          N more synthetic objects as others (with --tle or --scenario; default 0)
  --seed S               the synthetic population's seed (default 1)
  --bin-km K             altitude bins of a real fleet, km (default 10)
  --no-own-fleet         leave out passes between two of the fleet's satellites (with --tle or --scenario)
  --screen-km D          screening distance, km (default 5)
  --pc P                 maneuver at this collision probability (default 1e-4; SpaceX 1e-5)
  --sigma-km S           combined 1-sigma position error at a pass, km (default 0.2)
  --hard-body-m R        combined hard-body radius, m (default 10)
  --rel-speed-kms V      mean relative speed, km/s (default 10)
  --json                 one JSON object
`;

const meanAltKm = (meanMotionRevPerDay: number) => semiMajorAxisKmFromMeanMotion(meanMotionRevPerDay) - EARTH_RADIUS_KM;

function readFleetAltitudes(path: string, flag: string): number[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseTle(text, path).map((e) => meanAltKm(e.meanMotionRevPerDay));
}

/** A scenario with the folder its file names are relative to. */
type ScenarioAt = Scenario & { path: string; baseDir: string };

function readScenario(path: string): ScenarioAt {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--scenario ${path}: cannot read it (${err instanceof Error ? err.message : String(err)})`);
  }
  return { ...parseScenario(text, path), path, baseDir: dirname(resolve(path)) };
}

/** Every fleet satellite's mean altitude, one cluster at a time (a million never sit in memory as definitions). */
function scenarioFleetAltitudes(s: ScenarioAt): number[] {
  const out: number[] = [];
  const readElementFile = (file: string) => readFileSync(isAbsolute(file) ? file : resolve(s.baseDir, file), "utf8");
  for (const def of clusterDefinitions(s, { run: "traffic", source: s.path, readElementFile }))
    for (const n of elementColumns(def).meanMotionRevPerDay) out.push(meanAltKm(n));
  return out;
}

export function trafficCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    satellites: { type: "string" },
    "alt-km": { type: "string" },
    "thickness-km": { type: "string" },
    others: { type: "string" },
    tle: { type: "string" },
    scenario: { type: "string" },
    "others-tle": { type: "string" },
    synthetic: { type: "string" },
    seed: { type: "string" },
    "bin-km": { type: "string" },
    "no-own-fleet": { type: "boolean" },
    "screen-km": { type: "string" },
    pc: { type: "string" },
    "sigma-km": { type: "string" },
    "hard-body-m": { type: "string" },
    "rel-speed-kms": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(trafficHelp);
    return Promise.resolve(0);
  }
  const flags = values as Flags;
  if (values.tle !== undefined && values.scenario !== undefined) throw new UsageError("give --tle FILE or --scenario FILE, not both");
  const scenario = values.scenario === undefined ? undefined : readScenario(values.scenario);
  const rates = {
    screeningKm: optionalNumber(flags, "screen-km", scenario?.debris?.thresholdKm ?? 5, positive, "a distance above 0 km")!,
    maneuverPc: optionalNumber(flags, "pc", scenario?.debris?.mitigation?.maneuverPc ?? 1e-4, (x) => x > 0 && x < 1, "a probability within (0, 1)")!,
    combinedSigmaKm: optionalNumber(flags, "sigma-km", 0.2, positive, "a distance above 0 km")!,
    hardBodyRadiusM: optionalNumber(flags, "hard-body-m", 10, positive, "a radius above 0 m")!,
    relSpeedKmS: optionalNumber(flags, "rel-speed-kms", 10, positive, "a speed above 0 km/s")!,
  };
  const out = (o: object, text: string) => process.stdout.write(values.json ? JSON.stringify(o) + "\n" : text);
  if (values.tle === undefined && scenario === undefined) {
    for (const f of ["others-tle", "synthetic", "seed", "bin-km", "no-own-fleet"] as const)
      if (values[f] !== undefined) throw new UsageError(`--${f} goes with --tle FILE or --scenario FILE (a real fleet), not with --satellites`);
    if (values.satellites === undefined) throw new UsageError("give --satellites N and --alt-km H for a shell, or --tle FILE for a real fleet");
    const input = {
      ...rates,
      satellites: parsePositiveInt(values.satellites, "--satellites", 100_000_000),
      altKm: requiredNumber(flags, "alt-km", positive, "an altitude above 0 km"),
      thicknessKm: optionalNumber(flags, "thickness-km", 50, positive, "a thickness above 0 km")!,
      otherObjects: optionalNumber(flags, "others", 0, (x) => x >= 0, "a count, 0 or more")!,
    };
    const t = shellTraffic(input);
    out(
      { input, ...t },
      `${formatCount(input.satellites)} satellites at ${input.altKm} km (${input.thicknessKm} km thick), ${formatCount(input.otherObjects)} other objects\n` +
        `  close approaches within ${input.screeningKm} km   ${t.closeApproachesPerDay.toPrecision(4)} a day, ${t.closeApproachesPerSatPerDay.toPrecision(4)} per satellite\n` +
        `  maneuvers at Pc >= ${input.maneuverPc}          ${t.maneuversPerDay.toPrecision(4)} a day, ${t.maneuversPerSatPerDay.toPrecision(4)} per satellite (miss < ${(t.maneuverRadiusKm * 1000).toFixed(0)} m)\n` +
        `  collisions a year              ${t.unmitigatedCollisionsPerYear.toPrecision(4)} unmitigated, ${t.residualCollisionsPerYear.toPrecision(4)} after maneuvers\n`,
    );
    return Promise.resolve(0);
  }
  for (const f of ["satellites", "alt-km", "thickness-km", "others"] as const)
    if (values[f] !== undefined) throw new UsageError(`--${f} describes a shell; with --tle or --scenario the fleet comes from the file`);
  const fleetAltitudesKm = scenario ? scenarioFleetAltitudes(scenario) : readFleetAltitudes(values.tle!, "--tle");
  const otherAltitudesKm = values["others-tle"] === undefined ? [] : readFleetAltitudes(values["others-tle"], "--others-tle");
  if (scenario)
    for (const o of loadBackground(scenario.debris, scenario.baseDir, scenario.seed, scenario.epochMs))
      otherAltitudesKm.push(meanAltKm(o.elements.meanMotionRevPerDay));
  const synthetic = values.synthetic === undefined ? 0 : parsePositiveInt(values.synthetic, "--synthetic", 2_000_000);
  const seed = values.seed === undefined ? 1 : parsePositiveInt(values.seed, "--seed", 2 ** 32 - 1);
  for (const d of generateDebrisPopulation({ count: synthetic, seed, epochMs: 0 })) otherAltitudesKm.push(meanAltKm(d.elements.meanMotionRevPerDay));
  const binKm = optionalNumber(flags, "bin-km", 10, (x) => x >= 1 && x <= 500, "a bin within 1..500 km")!;
  const t = fleetTraffic({ ...rates, fleetAltitudesKm, otherAltitudesKm, binKm, countOwnFleet: !values["no-own-fleet"] });
  const reports = scenario ? [] : STARLINK_MANEUVER_REPORTS.map((r) => ({ ...r, maneuversPerSatPerDay: reportedManeuversPerSatPerDay(r) }));
  out(
    {
      input: { ...rates, binKm, others: otherAltitudesKm.length, countOwnFleet: !values["no-own-fleet"] },
      ...t,
      ...(scenario ? {} : { starlinkReports: reports }),
    },
    `${formatCount(t.satellites)} satellites among ${formatCount(otherAltitudesKm.length)} other objects, ${binKm} km bins${values["no-own-fleet"] ? ", own passes left out" : ""}\n` +
      `  close approaches within ${rates.screeningKm} km   ${t.closeApproachesPerDay.toPrecision(4)} a day\n` +
      `  maneuvers at Pc >= ${rates.maneuverPc}          ${t.maneuversPerDay.toPrecision(4)} a day, ${t.maneuversPerSatPerDay.toPrecision(4)} per satellite, ${formatCount(Math.round(t.maneuversPerHalfYear))} per half year\n` +
      reports
        .map(
          (r) =>
            `  reported (Starlink, ${r.fromDate} to ${r.toDate})  ${formatCount(r.maneuvers)} on ~${formatCount(r.satellitesApprox)}: ${r.maneuversPerSatPerDay.toPrecision(3)} per satellite a day\n`,
        )
        .join(""),
  );
  return Promise.resolve(0);
}
