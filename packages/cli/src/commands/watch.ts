import {
  assertToken,
  telemetryColumn,
  clusterTelemetry,
  decodeAs,
  decodeEvent,
  decodeOnSubject,
  ErrorCodes,
  fleetTelemetry,
  satelliteTelemetry,
  streams,
  subjects,
  watchRequest,
} from "@orbitwin/protocol";
import { createRootLogger, type Bus, type BusMessage, type StreamRecord, type StreamStore, type Subscription } from "@orbitwin/runtime";
import { planDataReplay, planEventsReplay, type ReplayPlan } from "../history/timeline-reader.js";
import { parseTimeRef, type TimeRef } from "../history/time-ref.js";
import { parseCommandArgs } from "../args.js";
import { connectClient } from "../client.js";
import { UsageError } from "../errors.js";
import { formatCount, formatMs, formatSimTime, formatSpeed, formatSubsystems } from "../format.js";

export const watchHelp = `orbitwin watch <subject> | --sat ID | --cluster ID | --fleet | --events [--json] [--nats URL] [--run ID]

Decoded telemetry, live, until Ctrl-C:
  --fleet        fleet-wide aggregates per tick (at most 2 lines a second unless --json)
  --cluster ID   one cluster's batches: satellites, mean altitude, sunlit share
  --sat ID       one satellite's own telemetry (asks the fleet to publish it while you watch)
  --events       every event of the run
  <subject>      any subject or wildcard, e.g. 'ot.demo.evt.>': each message decoded and checked
                 as the message its subject carries (docs/PROTOCOL.md), as JSON
  --json         one JSON object per message on stdout
  --since T      with --fleet or --events: replay the run's history from T, then go on live,
                 with nothing missed or repeated in between. T is a simulation time
                 (2026-05-13T01:00:00Z) or a duration back from the newest record (10m).
                 After a restore the replay is the timeline as it stands: each tick as the
                 latest pass over it left it (what the run replaced is not shown again)
`;

const WATCH_LEASE_MS = 15_000;
const HUMAN_FLEET_INTERVAL_MS = 500;

export async function watchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    sat: { type: "string" },
    cluster: { type: "string" },
    fleet: { type: "boolean" },
    events: { type: "boolean" },
    json: { type: "boolean" },
    since: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(watchHelp);
    return 0;
  }
  const chosen = [positionals[0] !== undefined, values.sat !== undefined, values.cluster !== undefined, values.fleet === true, values.events === true].filter(
    Boolean,
  ).length;
  if (chosen !== 1) throw new UsageError("watch needs exactly one of: <subject>, --sat ID, --cluster ID, --fleet, --events");
  if (values.sat) assertToken(values.sat, "--sat");
  if (values.cluster) assertToken(values.cluster, "--cluster");
  const since = values.since === undefined ? undefined : parseTimeRef(values.since, "--since");
  if (since && !values.fleet && !values.events) throw new UsageError("--since replays a history stream: use it with --fleet or --events");
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  const client = await connectClient(values, log);
  const { bus, run } = client;
  const json = values.json === true;
  const print = (line: string) => process.stdout.write(line + "\n");
  const onBad = (msg: BusMessage, err: unknown) =>
    process.stderr.write(`skipped a message on ${msg.subject}: ${err instanceof Error ? err.message : String(err)}\n`);
  let subject: string;
  let handler: (msg: BusMessage) => void;
  const cleanups: (() => void)[] = [];
  if (values.fleet) {
    subject = fleetTelemetry.subject(run);
    let lastPrintMs = 0;
    handler = (msg) => {
      const f = fleetTelemetry.decode(msg.data);
      if (json) return print(JSON.stringify(f));
      const nowMs = Date.now();
      if (nowMs - lastPrintMs < HUMAN_FLEET_INTERVAL_MS) return;
      lastPrintMs = nowMs;
      print(
        `${formatSimTime(f.simTimeMs)}  tick ${formatCount(f.tick)}  ${formatCount(f.satellites)} sats  sunlit ${pct(f.sunlit, f.satellites)}  ` +
          `hosts ${f.hosts}  speed ${formatSpeed(f.speed)} (achieved ${formatSpeed(f.achievedSpeed)})  lag ${formatMs(f.tickLagMs)}` +
          (f.failed > 0 ? `  failed ${f.failed}` : "") +
          formatSubsystems(f.subsystems),
      );
    };
  } else if (values.cluster) {
    subject = clusterTelemetry.subject(run, values.cluster);
    handler = (msg) => {
      const t = clusterTelemetry.decode(msg.data);
      const alt = telemetryColumn(t, "altKm")!;
      const sun = telemetryColumn(t, "sunlitFraction")!;
      const summary = {
        cluster: t.cluster,
        tick: t.tick,
        simTime: formatSimTime(t.simTimeMs),
        satellites: t.count,
        meanAltKm: mean(alt),
        sunlitShare: mean(sun),
      };
      print(
        json
          ? JSON.stringify(summary)
          : `${summary.simTime}  ${t.cluster}  tick ${t.tick}  ${t.count} sats  mean alt ${summary.meanAltKm.toFixed(1)} km  sunlit ${(100 * summary.sunlitShare).toFixed(0)}%`,
      );
    };
  } else if (values.sat) {
    const sat = values.sat;
    subject = subjects.satelliteTelemetryAnyCluster(run, sat);
    const ask = () => bus.publish(watchRequest.subject(run), watchRequest.encode({ v: 1, sats: [sat], leaseMs: WATCH_LEASE_MS }));
    ask();
    const timer = setInterval(ask, WATCH_LEASE_MS / 3);
    cleanups.push(() => clearInterval(timer));
    handler = (msg) => {
      const t = satelliteTelemetry.decode(msg.data);
      print(
        json
          ? JSON.stringify(t)
          : `${formatSimTime(t.simTimeMs)}  ${t.sat}  lat ${t.latDeg.toFixed(3)} deg  lon ${t.lonDeg.toFixed(3)} deg  alt ${t.altKm.toFixed(2)} km  sunlit ${t.sunlitFraction.toFixed(2)}  ${t.status}` +
              (t.health === undefined
                ? ""
                : `  ${t.health}  battery ${((t.batterySoc ?? 0) * 100).toFixed(1)} %  Tj ${(t.junctionK ?? 0).toFixed(1)} K  clock ${((t.clock ?? 1) * 100).toFixed(0)} %  GPUs ${t.acceleratorsActive ?? 0} (${t.acceleratorsFailed ?? 0} failed, ${t.sparesLeft ?? 0} spare)`),
      );
    };
  } else if (values.events) {
    subject = subjects.allEvents(run);
    handler = (msg) => {
      const e = decodeEvent(msg.subject, msg.data);
      print(json ? JSON.stringify(e) : `${formatSimTime(e.simTimeMs)}  ${e.severity.padEnd(8)} ${e.kind}: ${e.message}`);
    };
  } else {
    subject = positionals[0]!;
    handler = (msg) => {
      const value = msg.data.byteLength === 0 ? null : decodeOnSubject(msg.subject, msg.data);
      print(JSON.stringify({ subject: msg.subject, data: value }, binAsLength));
    };
  }
  const deliver = (msg: BusMessage) => {
    try {
      handler(msg);
    } catch (err) {
      onBad(msg, err);
    }
  };
  const sub = since ? await followFrom(bus, run, values.fleet ? "fleet" : "events", since, deliver) : live(bus.subscribe(subject, deliver));
  if (!json) process.stderr.write(`watching ${subject}${since ? ` from ${values.since}` : ""} on ${client.natsUrl} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolveWait) => {
    process.once("SIGINT", () => resolveWait());
    process.once("SIGTERM", () => resolveWait());
  });
  for (const cleanup of cleanups) cleanup();
  await sub.stop();
  await bus.drain();
  return 0;
}

const STREAM_RETRY_MS = 500;

/** A watch may start before the run does: it waits for the coordinator to create the stream. */
async function openWhenThere(bus: Bus, streamName: string): Promise<StreamStore> {
  for (let said = false; ; said = true) {
    try {
      return await bus.openStream(streamName);
    } catch (err) {
      if ((err as { code?: unknown }).code !== ErrorCodes.unknownStream) throw err;
      if (!said) process.stderr.write(`waiting for the run to create its history stream ${streamName}\n`);
      await new Promise((resolveRetry) => setTimeout(resolveRetry, STREAM_RETRY_MS));
    }
  }
}

function live(sub: Subscription): { stop(): Promise<void> } {
  return { stop: () => Promise.resolve(sub.unsubscribe()) };
}

/**
 * Replays a history stream from a simulation time as its timeline stands (history/timeline.ts),
 * then follows it live: one sequence, no seam. Live records are shown as they come, a restore's
 * replay included.
 */
async function followFrom(
  bus: Bus,
  run: string,
  stream: "fleet" | "events",
  since: TimeRef,
  deliver: (msg: BusMessage) => void,
): Promise<{ stop(): Promise<void> }> {
  const store = await openWhenThere(bus, stream === "fleet" ? streams.fleet(run) : streams.events(run));
  const plan: ReplayPlan =
    stream === "fleet"
      ? await planDataReplay(
          bus,
          run,
          store,
          since,
          (r) => fleetTelemetry.decode(r.data),
          () => "",
        )
      : await planEventsReplay(store, since);
  const simTimeOf = (r: StreamRecord) => {
    try {
      return (stream === "fleet" ? decodeAs(fleetTelemetry, r.subject, r.data) : decodeEvent(r.subject, r.data)).simTimeMs;
    } catch {
      return undefined;
    }
  };
  // A watch that began before the run got to the start shows nothing until a record at or after it.
  let reached = plan.lastSeq - plan.fromSeq + 1 > plan.skip.size;
  return await store.follow(plan.fromSeq, (r) => {
    if (r.seq <= plan.lastSeq) {
      if (plan.skip.has(r.seq)) return;
    } else if (!reached) {
      if ((simTimeOf(r) ?? -Infinity) < plan.fromMs) return;
      reached = true;
    }
    deliver({ subject: r.subject, data: r.data, reply: undefined, respond: () => false });
  });
}

function mean(values: ArrayLike<number> & Iterable<number>): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? 0 : sum / values.length;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(0)}%`;
}

/** Binary columns print as their size: Buffers reach a replacer already as { type, data }. */
function binAsLength(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  const asJson = value as { type?: unknown; data?: unknown } | null;
  if (asJson?.type === "Buffer" && Array.isArray(asJson.data)) return `<${asJson.data.length} bytes>`;
  return value;
}
