import { assertToken } from "@orbitwin/protocol";
import { ClusterIdBook, createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import { formatSimTime, table } from "../format.js";
import { connectHistory } from "../history-client.js";
import { loadFleet, loadSamples, type Loaded } from "../history/history-data.js";
import { clusterSeries, fleetSeries, satelliteSeries } from "../history/series.js";
import { toCsv, toJsonLines } from "../history/table-formats.js";
import { parseTimeRef } from "../history/time-ref.js";

export const historyHelp = `orbitwin history <sat ID | cluster ID | fleet> --field F [flags]

A time series of one field from the run's history streams:
  fleet        a fleet aggregate field, every tick: sunlit, failed, satellites, achievedSpeed,
               subsystems.generatedW, subsystems.tempComputeMaxK, subsystems.byHealth.4, ...
  cluster ID   a satellite column summarised over the cluster (mean, min, max), every sampled tick
  sat ID       one satellite's column, every sampled tick: altKm, latDeg, lonDeg, sunlitFraction,
               batterySoc, generatedW, junctionK, health, acceleratorsActive, ...
(clusters and satellites come from the sampled telemetry: every Nth tick, scenario history.sampleEveryTicks)

Flags:
  --field F     the field (required)
  --from T      start: a simulation time (2026-05-13T01:00:00Z) or a duration back from the
                newest record (30m); default the oldest kept
  --to T        end, the same way; default the newest
  --csv         CSV on stdout
  --json        one JSON object per line on stdout
  --nats URL    NATS holding the run (default: NATS_URL, the twin \`up\` recorded, or the
                history \`up\`/\`run\` left in .orbitwin/runs/<run>)
  --run ID      run id (default: ORBITWIN_RUN, or the twin \`up\` recorded)
`;

export async function historyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    field: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    csv: { type: "boolean" },
    json: { type: "boolean" },
    nats: { type: "string" },
    run: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(historyHelp);
    return 0;
  }
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new UsageError("history needs one target: a satellite id, a cluster id, or fleet");
  if (target !== "fleet") assertToken(target, "target");
  if (!values.field) throw new UsageError("history needs --field, e.g. --field altKm or --field subsystems.generatedW");
  if (values.csv && values.json) throw new UsageError("give --csv or --json, not both");
  const window = {
    from: values.from === undefined ? undefined : parseTimeRef(values.from, "--from"),
    to: values.to === undefined ? undefined : parseTimeRef(values.to, "--to"),
  };
  const field = values.field;
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectHistory(values, log);
  try {
    let header: string[];
    let rows: (string | number | null)[][];
    if (target === "fleet") {
      const loaded = reportSkipped(await loadFleet(client.bus, client.run, window));
      header = ["simTime", "tick", field];
      rows = fleetSeries(loaded.records, field).map((p) => [formatSimTime(p.simTimeMs), p.tick, p.value]);
    } else {
      // Batches name their satellites by the cluster definition's order: the ids are there.
      const book = new ClusterIdBook(client.bus, client.run);
      const isCluster = (await book.idsOf(target)) !== undefined;
      const cluster = isCluster ? target : await book.clusterOf(target);
      if (cluster === undefined)
        throw new UsageError(
          `${target} is neither a cluster nor a satellite of run ${client.run}: check the id (orbitwin export csv --cluster ID lists a cluster's)`,
        );
      const batches = reportSkipped(await loadSamples(client.bus, client.run, window, { keep: (b) => b.cluster === cluster })).records;
      if (batches.length === 0)
        throw new UsageError(`run ${client.run} has no sampled telemetry of cluster ${cluster} in that window: check that the window holds sampled ticks`);
      if (isCluster) {
        header = ["simTime", "tick", `${field}.mean`, `${field}.min`, `${field}.max`];
        rows = clusterSeries(batches, target, field).map((p) => [formatSimTime(p.simTimeMs), p.tick, p.mean, p.min, p.max]);
      } else {
        const slot = book.known(cluster)!.indexOf(target);
        header = ["simTime", "tick", field];
        rows = satelliteSeries(batches, { cluster, slot }, field).map((p) => [formatSimTime(p.simTimeMs), p.tick, p.value]);
      }
    }
    if (values.csv) process.stdout.write(toCsv(header, rows));
    else if (values.json) process.stdout.write(toJsonLines(rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))));
    else
      process.stdout.write(
        table(
          header,
          rows.map((r) => r.map((c) => (c === null ? "-" : typeof c === "number" ? String(Number(c.toPrecision(7))) : c))),
        ) + "\n",
      );
    return 0;
  } finally {
    await client.close();
  }
}

/** Undecodable records are skipped, and said so on stderr. */
export function reportSkipped<T>(loaded: Loaded<T>): Loaded<T> {
  if (loaded.skipped > 0) process.stderr.write(`skipped ${loaded.skipped} history records that did not decode; the first: ${loaded.firstProblem}\n`);
  return loaded;
}
