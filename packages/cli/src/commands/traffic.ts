import { readFileSync } from "node:fs";
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
import { parseCommandArgs, parsePositiveInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatCount } from "../format.js";
import { optionalNumber, positive, requiredNumber, type Flags } from "./physics-flags.js";

export const trafficHelp = `orbitwin traffic --satellites N --alt-km H [flags]
orbitwin traffic --tle FILE [--others-tle FILE] [--synthetic N] [flags]

Close approaches and avoidance maneuvers by kinetic gas theory (docs/PHYSICS.md, "Traffic"):
for one shell of N satellites among other objects, or for a real fleet's element sets binned
by altitude among other objects (their element sets, or a synthetic population with the shape
of the real one). With --tle, the Starlink fleet's published maneuvers (SpaceX's semi-annual
reports to the FCC) are printed beside the model's.

  --satellites N         satellites in the shell
  --alt-km H             middle of the shell, km
  --thickness-km T       shell thickness, km (default 50)
  --others N             other objects in the same shell (default 0)
  --tle FILE             the fleet from element sets instead of a shell
  --others-tle FILE      other objects from element sets (with --tle)
  --synthetic N          N synthetic objects as the others (with --tle; default 0)
  --seed S               the synthetic population's seed (default 1)
  --bin-km K             altitude bins of a real fleet, km (default 10)
  --no-own-fleet         leave out passes between two of the fleet's satellites (with --tle)
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

export function trafficCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    satellites: { type: "string" },
    "alt-km": { type: "string" },
    "thickness-km": { type: "string" },
    others: { type: "string" },
    tle: { type: "string" },
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
  const rates = {
    screeningKm: optionalNumber(flags, "screen-km", 5, positive, "a distance above 0 km")!,
    maneuverPc: optionalNumber(flags, "pc", 1e-4, (x) => x > 0 && x < 1, "a probability within (0, 1)")!,
    combinedSigmaKm: optionalNumber(flags, "sigma-km", 0.2, positive, "a distance above 0 km")!,
    hardBodyRadiusM: optionalNumber(flags, "hard-body-m", 10, positive, "a radius above 0 m")!,
    relSpeedKmS: optionalNumber(flags, "rel-speed-kms", 10, positive, "a speed above 0 km/s")!,
  };
  const out = (o: object, text: string) => process.stdout.write(values.json ? JSON.stringify(o) + "\n" : text);
  if (values.tle === undefined) {
    for (const f of ["others-tle", "synthetic", "seed", "bin-km", "no-own-fleet"] as const)
      if (values[f] !== undefined) throw new UsageError(`--${f} goes with --tle FILE (a real fleet), not with --satellites`);
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
    if (values[f] !== undefined) throw new UsageError(`--${f} describes a shell; with --tle FILE the fleet comes from the file`);
  const fleetAltitudesKm = readFleetAltitudes(values.tle, "--tle");
  const otherAltitudesKm = values["others-tle"] === undefined ? [] : readFleetAltitudes(values["others-tle"], "--others-tle");
  const synthetic = values.synthetic === undefined ? 0 : parsePositiveInt(values.synthetic, "--synthetic", 2_000_000);
  const seed = values.seed === undefined ? 1 : parsePositiveInt(values.seed, "--seed", 2 ** 32 - 1);
  for (const d of generateDebrisPopulation({ count: synthetic, seed, epochMs: 0 })) otherAltitudesKm.push(meanAltKm(d.elements.meanMotionRevPerDay));
  const binKm = optionalNumber(flags, "bin-km", 10, (x) => x >= 1 && x <= 500, "a bin within 1..500 km")!;
  const t = fleetTraffic({ ...rates, fleetAltitudesKm, otherAltitudesKm, binKm, countOwnFleet: !values["no-own-fleet"] });
  const reports = STARLINK_MANEUVER_REPORTS.map((r) => ({ ...r, maneuversPerSatPerDay: reportedManeuversPerSatPerDay(r) }));
  out(
    { input: { ...rates, binKm, others: otherAltitudesKm.length, countOwnFleet: !values["no-own-fleet"] }, ...t, starlinkReports: reports },
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
