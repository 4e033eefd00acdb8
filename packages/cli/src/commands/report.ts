import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ErrorCodes } from "@orbitwin/protocol";
import { createRootLogger, type Bus } from "@orbitwin/runtime";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import { connectHistory } from "../history-client.js";
import { fleetTimeOfTick, loadEvents, loadFleet, loadSchedulerMetrics, type LoadOptions, type SchedulerSample } from "../history/history-data.js";
import { Progress } from "../progress.js";
import { renderReport } from "../report/report-html.js";
import { reportSkipped } from "./history.js";

export const reportHelp = `orbitwin report RUN --out DIR [flags]

Writes DIR/index.html: one self-contained page (uPlot and the data inline, nothing fetched,
works offline) with the run's power, thermal, compute (accelerator-hours) and health over
time; jobs (utilization, queue, goodput by policy) when the scheduler ran; conjunctions (Pc,
maneuvers, collisions, fragments) when debris-watch ran; its failures, an events summary, and
the scenario with its seed so anyone can reproduce it. The data comes from the run's history
streams. With scripts off the page still shows each chart's figures as a table.

Flags:
  --out DIR     folder to write (created)
  --nats URL    NATS holding the run (default: NATS_URL, the twin \`up\` recorded, or the
                history \`up\`/\`run\` left in .orbitwin/runs/RUN)
  --json        print { "report": path } on stdout and no progress
`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: "string" },
    nats: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(reportHelp);
    return 0;
  }
  const run = positionals[0];
  if (!run || positionals.length > 1) throw new UsageError("report needs the run id, e.g. orbitwin report demo --out report/");
  if (!values.out) throw new UsageError("report needs --out DIR");
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectHistory({ nats: values.nats, run }, log);
  let html: string;
  try {
    const progress = (label: string) => {
      let bar: Progress | undefined;
      return {
        onProgress: (done: number, total: number) => {
          bar ??= new Progress({ label, total, enabled: !values.json, formatRate: (r) => `${r.toFixed(0)} records/s` });
          bar.update(done);
        },
        finish: () => bar?.finish(),
      };
    };
    const fleetProgress = progress("report: fleet history");
    const fleet = reportSkipped(await loadFleet(client.bus, client.run, {}, fleetProgress)).records;
    fleetProgress.finish();
    const eventProgress = progress("report: events");
    const events = reportSkipped(await loadEvents(client.bus, client.run, {}, eventProgress)).records;
    eventProgress.finish();
    const jobsProgress = progress("report: scheduler history");
    const schedulerMetrics = await loadSchedulerHistory(client.bus, client.run, fleetTimeOfTick(fleet), jobsProgress);
    jobsProgress.finish();
    html = renderReport({ run: client.run, generatedAtMs: Date.now(), source: client.source, fleet, events, schedulerMetrics });
  } finally {
    await client.close();
  }
  const dir = resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "index.html");
  writeFileSync(path, html);
  if (values.json) process.stdout.write(JSON.stringify({ report: path }) + "\n");
  else process.stdout.write(`wrote ${path}\n`);
  return 0;
}

/** The scheduler's metrics, or none when the run kept none: no fleet history to place them in time, or a run older than stream ot-<run>-jobs. */
async function loadSchedulerHistory(
  bus: Bus,
  run: string,
  simTimeOfTick: ((tick: number) => number) | undefined,
  options: LoadOptions<SchedulerSample>,
): Promise<SchedulerSample[]> {
  if (!simTimeOfTick) return [];
  try {
    return reportSkipped(await loadSchedulerMetrics(bus, run, {}, simTimeOfTick, options)).records;
  } catch (err) {
    if ((err as { code?: unknown }).code === ErrorCodes.unknownStream) return [];
    throw err;
  }
}
