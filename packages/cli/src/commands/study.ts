import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { connectNatsBus, createRootLogger, type NatsBus } from "@orbitwin/runtime";
import { parseCommandArgs, parseDurationFlag, parseNonNegativeInt } from "../args.js";
import { UsageError } from "../errors.js";
import { formatDuration, table } from "../format.js";
import { describeNats, discoverNats } from "../nats-discovery.js";
import { startLocalWorkers } from "../study/local-workers.js";
import { writeStudyOutputs } from "../study/study-outputs.js";
import { readStudyFile } from "../study/study-file.js";
import { runStudy } from "../study/study-run.js";
import { progressReporter } from "../study/study-progress.js";
import { failureSummary, studyExitCode } from "../study/study-outcome.js";
import { variedPaths } from "../study/study-table.js";
import { planRuns } from "../study/derived-variants.js";
import { expandStudy } from "../study/variants.js";
import { shortNumber } from "../study/study-chart.js";

export const studyHelp = `orbitwin study <study.yaml> [flags]

Runs every variant of a study (docs/STUDIES.md): each a real run of the twin, spread over study
workers through a JetStream work queue, results kept in a JetStream KV bucket per study. Writes
results.csv, results.json, report.html (self-contained) and each variant's scenario file to --out.

Flags:
  --workers N     study workers to start on this machine (default: its cores; 0 = only workers
                  started elsewhere with orbitwin serve study-worker)
  --resume        keep the results stored by an earlier run of this study; run only the rest
  --nats URL      NATS to use (default: NATS_URL, else a nats-server started with its data in
                  .orbitwin/studies/<study>/nats, so --resume works across runs)
  --out DIR       where to write the outputs (default .orbitwin/studies/<study>)
  --ack-wait D    wall time a variant may go without its worker's heartbeat before another worker
                  takes it (default 30s)
  --reduced       run the study's reduced: form (tiny fleet, short span: the default tests' size)
  --json          print the results (as results.json) on stdout and no progress
`;

/** "study heat [######----] 12/30 done, 3 running, 15 left  ETA 4 min" */
export async function studyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    workers: { type: "string" },
    resume: { type: "boolean" },
    nats: { type: "string" },
    out: { type: "string" },
    "ack-wait": { type: "string" },
    reduced: { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(studyHelp);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError("study needs one study file, e.g. orbitwin study studies/heat.yaml");
  const study = readStudyFile(file, { reduced: values.reduced === true });
  const variants = expandStudy(study);
  const { runs } = planRuns(variants);
  const workers = values.workers === undefined ? Math.min(availableParallelism(), runs.length) : parseNonNegativeInt(values.workers, "--workers");
  const ackWaitMs = values["ack-wait"] === undefined ? undefined : parseDurationFlag(values["ack-wait"], "--ack-wait");
  const out = resolve(values.out ?? join(".orbitwin", "studies", study.id));
  const studyDir = resolve(".orbitwin", "studies", study.id);
  mkdirSync(out, { recursive: true });
  const log = createRootLogger({ service: "cli", level: (process.env.LOG_LEVEL ?? "warn") as "warn", destinationFd: 2 });
  const nats = await discoverNats({ flagUrl: values.nats, storeDir: join(studyDir, "nats"), log });
  if (nats.kind === "local") throw new OrbitwinError(ErrorCodes.invalidState, "a study spreads its variants over NATS: install nats-server or give --nats URL");
  const say = (text: string) => !values.json && process.stderr.write(text);
  const derived = variants.length - runs.length;
  say(
    `${describeNats(nats)}\n${variants.length} variants, ${runs.length} run${runs.length === 1 ? "" : "s"} of the twin${derived > 0 ? ` (${derived} variants differ only in assumed figures and reuse a run)` : ""}; ${workers} workers on this machine\n`,
  );
  let bus: NatsBus | undefined;
  const local =
    workers > 0 ? startLocalWorkers({ count: workers, natsUrl: nats.url, logDir: join(studyDir, "logs"), ...(ackWaitMs ? { ackWaitMs } : {}) }) : undefined;
  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort();
  process.once("SIGINT", onSignal);
  const startedMs = performance.now();
  try {
    bus = await connectNatsBus({ url: nats.url, name: `orbitwin-study-${study.id}`, log });
    const results = await runStudy({
      study,
      variants,
      bus,
      resume: values.resume === true,
      signal: interrupted.signal,
      ...(values.json ? {} : { onProgress: progressReporter(study.id) }),
    });
    say(process.stderr.isTTY ? "\n" : "");
    const json = writeStudyOutputs(out, study, variants, results);
    if (values.json) process.stdout.write(JSON.stringify(json) + "\n");
    else {
      const paths = variedPaths(study);
      process.stdout.write(
        table(
          ["variant", ...paths, "seed", ...study.metrics, ...(derived > 0 ? ["run of"] : [])],
          results.map((r) => [
            r.variantId,
            ...paths.map((p) => String(r.values[p] ?? "")),
            String(r.seed),
            ...study.metrics.map((m) => (r.error ? "failed" : fmt(r.metrics[m]))),
            ...(derived > 0 ? [r.derivedFrom ?? "itself"] : []),
          ]),
        ) + "\n",
      );
      process.stdout.write(`${formatDuration(performance.now() - startedMs)}; results.csv, results.json and report.html in ${out}\n`);
    }
    const failures = failureSummary(study.id, results);
    if (failures) process.stderr.write(`${failures}\n`);
    return studyExitCode(results);
  } finally {
    process.removeListener("SIGINT", onSignal);
    await local?.stop();
    await bus?.drain();
    if (nats.kind === "spawned") await nats.stop();
    log.flush();
  }
}

function fmt(v: number | null | undefined): string {
  return typeof v === "number" ? shortNumber(v) : "-";
}
