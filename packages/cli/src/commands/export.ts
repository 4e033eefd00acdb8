import { writeFileSync } from "node:fs";
import { assertToken, type ClusterTelemetry, type FleetTelemetry } from "@orbitwin/protocol";
import { ClusterIdBook, createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import { formatSimTime } from "../format.js";
import { connectHistory } from "../history-client.js";
import { SATELLITE_FIELDS, columnOf, vectorsOf } from "../history/columns-of.js";
import { buildCzml } from "../history/czml.js";
import { loadFleet, loadSamples, type Window } from "../history/history-data.js";
import { formatOem } from "../history/oem.js";
import { fleetFieldNames } from "../history/series.js";
import { toCsv, toJsonLines, type Cell } from "../history/table-formats.js";
import { collectTracks } from "../history/tracks.js";
import { parseTimeRef } from "../history/time-ref.js";
import { Progress } from "../progress.js";
import { reportSkipped } from "./history.js";

export const exportHelp = `orbitwin export oem|czml|csv|jsonl [flags]

Writes a run's history in the field's own formats (to --out FILE, else stdout):
  oem     CCSDS Orbit Ephemeris Message 2.0 (KVN), TEME, km and km/s, one block per satellite
  czml    for Cesium: a document packet and one packet per satellite with sampled positions
  csv     one row per satellite per sampled tick (state, position, subsystems), or with
          fleet, one row per tick of the fleet aggregates
  jsonl   the same rows as JSON lines
Satellite states come from the sampled telemetry (every Nth tick: scenario history.sampleEveryTicks).

Flags:
  --sat IDS       satellites, comma-separated (oem needs this or --cluster)
  --cluster ID    every satellite of one cluster
  --fleet         csv/jsonl: the fleet aggregates instead of satellites
  --from T        start: a simulation time (2026-05-13T01:00:00Z) or a duration back from the
                  newest record (30m); default the oldest kept
  --to T          end, the same way; default the newest
  --out FILE      write here instead of stdout
  --nats URL      NATS holding the run (default: NATS_URL, the twin \`up\` recorded, or the
                  history \`up\`/\`run\` left in .orbitwin/runs/<run>)
  --run ID        run id (default: ORBITWIN_RUN, or the twin \`up\` recorded)
`;

const FORMATS = ["oem", "czml", "csv", "jsonl"] as const;
type Format = (typeof FORMATS)[number];

export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    sat: { type: "string" },
    cluster: { type: "string" },
    fleet: { type: "boolean" },
    from: { type: "string" },
    to: { type: "string" },
    out: { type: "string" },
    nats: { type: "string" },
    run: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(exportHelp);
    return 0;
  }
  const format = positionals[0] as Format | undefined;
  if (!format || !FORMATS.includes(format) || positionals.length > 1) throw new UsageError(`export needs one format: ${FORMATS.join(", ")}`);
  const sats = values.sat?.split(",").map((s) => assertToken(s.trim(), "--sat"));
  const cluster = values.cluster === undefined ? undefined : assertToken(values.cluster, "--cluster");
  if ([sats, cluster, values.fleet].filter((x) => x !== undefined).length > 1) throw new UsageError("give one of --sat, --cluster, --fleet");
  if (values.fleet && (format === "oem" || format === "czml"))
    throw new UsageError(`${format} holds satellite states: give --sat IDS or --cluster ID, not --fleet`);
  if (format === "oem" && !sats && !cluster) throw new UsageError("oem needs --sat IDS or --cluster ID");
  const window: Window = {
    from: values.from === undefined ? undefined : parseTimeRef(values.from, "--from"),
    to: values.to === undefined ? undefined : parseTimeRef(values.to, "--to"),
  };
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectHistory(values, log);
  let progress: Progress | undefined;
  const wanted = sats ? new Set(sats) : undefined;
  const onProgress = (done: number, total: number) => {
    progress ??= new Progress({ label: `export ${format}`, total, formatRate: (r) => `${r.toFixed(0)} records/s` });
    progress.update(done);
  };
  let text: string;
  try {
    if (values.fleet) {
      text = fleetRows(reportSkipped(await loadFleet(client.bus, client.run, window, { onProgress })).records, format === "csv");
    } else {
      // Batches name their satellites by the cluster definition's order: the ids are there.
      const book = new ClusterIdBook(client.bus, client.run);
      if (cluster !== undefined && !(await book.idsOf(cluster))) throw new UsageError(`run ${client.run} has no cluster ${cluster}: check the cluster id`);
      const keepClusters = sats ? await clustersOf(book, sats, client.run) : cluster === undefined ? undefined : new Set([cluster]);
      const batches = reportSkipped(
        await loadSamples(client.bus, client.run, window, { onProgress, keep: (b) => keepClusters === undefined || keepClusters.has(b.cluster) }),
      ).records;
      if (batches.length === 0) throw new UsageError(`run ${client.run} has no sampled telemetry${cluster ? ` of cluster ${cluster}` : ""} in that window`);
      const satIds = new Map<string, readonly string[]>();
      for (const c of new Set(batches.map((b) => b.cluster))) {
        const ids = await book.idsOf(c);
        if (ids) satIds.set(c, ids);
      }
      if (format === "oem")
        text = formatOem([...collectTracks(batches, satIds, wanted).values()], {
          creationDateMs: Date.now(),
          comment: `orbitwin run ${client.run}, SGP4 states`,
        });
      else if (format === "czml")
        text = JSON.stringify(buildCzml([...collectTracks(batches, satIds, wanted).values()], { name: `orbitwin run ${client.run}` })) + "\n";
      else text = satelliteRows(batches, satIds, wanted, format === "csv");
    }
    progress?.finish();
  } finally {
    await client.close();
  }
  if (values.out) {
    writeFileSync(values.out, text);
    process.stderr.write(`wrote ${values.out} (${text.length.toLocaleString("en-US")} bytes)\n`);
  } else process.stdout.write(text);
  return 0;
}

function fleetRows(records: readonly FleetTelemetry[], csv: boolean): string {
  const fields = records[0] ? fleetFieldNames(records[0]).filter((f) => f !== "tick" && f !== "simTimeMs") : [];
  const header = ["simTime", "tick", ...fields];
  const rows = records.map((f) => [
    formatSimTime(f.simTimeMs),
    f.tick,
    ...fields.map((path) => path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], f) as Cell),
  ]);
  return csv ? toCsv(header, rows) : toJsonLines(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))));
}

const STATE_FIELDS = ["xKm", "yKm", "zKm", "vxKmS", "vyKmS", "vzKmS"];

/** The clusters holding `sats`; a UsageError names the ids the run does not have. */
async function clustersOf(book: ClusterIdBook, sats: readonly string[], run: string): Promise<Set<string>> {
  const unknown: string[] = [];
  const clusters = new Set<string>();
  for (const sat of sats) {
    const cluster = await book.clusterOf(sat);
    if (cluster === undefined) unknown.push(sat);
    else clusters.add(cluster);
  }
  if (unknown.length)
    throw new UsageError(`run ${run} has no satellite ${unknown.join(", ")}: check the satellite ids (orbitwin export csv --cluster ID lists a cluster's)`);
  return clusters;
}

function satelliteRows(
  batches: readonly ClusterTelemetry[],
  satIds: ReadonlyMap<string, readonly string[]>,
  sats: ReadonlySet<string> | undefined,
  csv: boolean,
): string {
  const present = SATELLITE_FIELDS.filter((f) => batches.some((b) => columnOf(b, f) !== undefined));
  const header = ["simTime", "tick", "cluster", "sat", ...STATE_FIELDS, ...present];
  const rows: Cell[][] = [];
  for (const b of batches) {
    const pos = vectorsOf(b, "posKm");
    const vel = vectorsOf(b, "velKmS");
    const ids = satIds.get(b.cluster);
    if (ids?.length !== b.count) continue;
    const columns = present.map((f) => columnOf(b, f));
    for (let slot = 0; slot < b.count; slot++) {
      if (sats && !sats.has(ids[slot]!)) continue;
      const i = 3 * slot;
      rows.push([
        formatSimTime(b.simTimeMs),
        b.tick,
        b.cluster,
        ids[slot]!,
        pos[i]!,
        pos[i + 1]!,
        pos[i + 2]!,
        vel[i]!,
        vel[i + 1]!,
        vel[i + 2]!,
        ...columns.map((c) => c?.[slot] ?? null),
      ]);
    }
  }
  return csv ? toCsv(header, rows) : toJsonLines(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))));
}
