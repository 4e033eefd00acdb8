import { FaultKinds, SensorFields, encodeMessage, faultListReply, subjects, type FaultRecord } from "@orbitwin/protocol";
import { createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs, parseDurationFlag, parsePositiveInt } from "../args.js";
import { connectClient, resultOf, type Client } from "../client.js";
import { UsageError } from "../errors.js";
import { formatSimTime, table } from "../format.js";
import { runOperation } from "../operations.js";

export const injectHelp = `orbitwin inject <fault> [--sat IDS | --cluster IDS | --region LAT1,LAT2,LON1,LON2] [flags]

Injects a simulated fault into the running twin's satellites, through the run's durable command
log (a retry is never applied twice). Faults: ${FaultKinds.join(", ")}.

  --sat IDS          satellites, comma-separated
  --cluster IDS      every satellite of these clusters
  --region BOX       satellites over latMin,latMax,lonMin,lonMax (degrees) when it starts
  --at TIME          simulated UTC time it starts (default: the next tick)
  --in D             starts this much simulated time from now, e.g. 10m
  --for D            ends by itself after this long, e.g. 30m (required for solar-particle-event, comms-blackout)
  --count N          accelerator-failure: chips per satellite (default 1)
  --fraction F       radiator-damage, solar-array-degradation, battery-cell-failure: fraction lost
  --multiplier M     solar-particle-event: dose and upset rate multiplier (default 100)
  --field F          sensor-fault: ${SensorFields.join(", ")}
  --offset X         sensor-fault: added to the reading
  --timeout D        wait this long for the run to apply it (default 30s; the command is kept
                     and applied when the coordinator can, even after the wait gives up)
  --json             print the fault record as JSON
`;

export const faultsHelp = `orbitwin faults list [--json]
orbitwin faults clear ID

Lists the run's simulated faults (scheduled, active, ended, cleared), or ends one now: a
scheduled fault is cancelled, a temporary condition ends at the next tick (damage stays).
`;

export async function injectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    json: { type: "boolean" },
    sat: { type: "string" },
    cluster: { type: "string" },
    region: { type: "string" },
    at: { type: "string" },
    in: { type: "string" },
    for: { type: "string" },
    count: { type: "string" },
    fraction: { type: "string" },
    multiplier: { type: "string" },
    field: { type: "string" },
    offset: { type: "string" },
    timeout: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(injectHelp);
    return 0;
  }
  const kind = positionals[0];
  if (!kind || !(FaultKinds as readonly string[]).includes(kind))
    throw new UsageError(`give a fault: ${FaultKinds.join(", ")}${kind ? ` (got "${kind}")` : ""}`);
  const list = (raw: string | undefined) =>
    raw
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const number = (raw: string | undefined, flag: string) => {
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v)) throw new UsageError(`${flag} ${raw}: give a number`);
    return v;
  };
  let region;
  if (values.region !== undefined) {
    const parts = values.region.split(",").map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p)))
      throw new UsageError(`--region ${values.region}: give latMin,latMax,lonMin,lonMax in degrees`);
    region = { latMinDeg: parts[0]!, latMaxDeg: parts[1]!, lonMinDeg: parts[2]!, lonMaxDeg: parts[3]! };
  }
  let atMs: number | undefined;
  if (values.at !== undefined) {
    atMs = Date.parse(values.at);
    if (!Number.isFinite(atMs) || !/(Z|[+-]\d\d:?\d\d)$/.test(values.at))
      throw new UsageError(`--at ${values.at}: give an ISO 8601 UTC time, e.g. 2026-05-13T01:00:00Z`);
  }
  const request = {
    ...(list(values.sat) ? { sats: list(values.sat) } : {}),
    ...(list(values.cluster) ? { clusters: list(values.cluster) } : {}),
    ...(region ? { region } : {}),
    ...(atMs === undefined ? {} : { atMs }),
    ...(values.in === undefined ? {} : { delayS: parseDurationFlag(values.in, "--in") / 1000 }),
    ...(values.for === undefined ? {} : { forS: parseDurationFlag(values.for, "--for") / 1000 }),
    ...(values.count === undefined ? {} : { count: parsePositiveInt(values.count, "--count", 1000) }),
    ...(values.fraction === undefined ? {} : { fraction: number(values.fraction, "--fraction") }),
    ...(values.multiplier === undefined ? {} : { multiplier: number(values.multiplier, "--multiplier") }),
    ...(values.field === undefined ? {} : { field: values.field }),
    ...(values.offset === undefined ? {} : { offset: number(values.offset, "--offset") }),
  };
  const client = await connectClient(values, createRootLogger({ service: "cli", level: "warn", destinationFd: 2 }));
  try {
    const timeoutMs = values.timeout === undefined ? undefined : parseDurationFlag(values.timeout, "--timeout");
    const f = (await runOperation(client, "inject", request, { fault: kind, ...(timeoutMs === undefined ? {} : { timeoutMs }) })) as FaultRecord;
    process.stdout.write(
      values.json
        ? JSON.stringify(f) + "\n"
        : `fault ${f.id}: ${f.kind} starts at tick ${f.startsAtTick} (${formatSimTime(f.startsAtMs)})${f.untilMs === undefined ? "" : `, ends ${formatSimTime(f.untilMs)}`}\n`,
    );
    return 0;
  } finally {
    await client.bus.drain();
  }
}

export async function faultsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { nats: { type: "string" }, run: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(faultsHelp);
    return 0;
  }
  const [verb, id] = positionals;
  if (verb !== "list" && verb !== "clear") throw new UsageError(`give list or clear ID${verb ? ` (got "${verb}")` : ""}`);
  if (verb === "clear" && !id) throw new UsageError("clear needs a fault id, e.g. orbitwin faults clear f-3");
  const client = await connectClient(values, createRootLogger({ service: "cli", level: "warn", destinationFd: 2 }));
  try {
    if (verb === "list") {
      const result = resultOf(faultListReply.decode(await ask(client, subjects.serviceEndpoint(client.run, "faults", "list"), {})));
      process.stdout.write(values.json ? JSON.stringify(result) + "\n" : renderFaults(result.faults));
      return 0;
    }
    const f = (await runOperation(client, "clear-fault", { id })) as FaultRecord;
    process.stdout.write(values.json ? JSON.stringify(f) + "\n" : `fault ${f.id}: ${f.state === "cleared" ? "cancelled" : `ends at tick ${f.endsAtTick}`}\n`);
    return 0;
  } finally {
    await client.bus.drain();
  }
}

async function ask(client: Client, subject: string, body: object): Promise<Uint8Array> {
  return (await client.bus.request(subject, encodeMessage(body), { timeoutMs: 10_000 })).data;
}

function renderFaults(faults: FaultRecord[]): string {
  const target = (f: FaultRecord) =>
    [
      f.sats?.join(","),
      f.clusters?.join(","),
      f.region ? `region ${f.region.latMinDeg}..${f.region.latMaxDeg}, ${f.region.lonMinDeg}..${f.region.lonMaxDeg}` : undefined,
    ]
      .filter(Boolean)
      .join(" ") || "all";
  return (
    table(
      ["id", "fault", "state", "target", "starts", "ends", "source"],
      faults.map((f) => [
        f.id,
        f.kind,
        f.state,
        target(f).slice(0, 40),
        formatSimTime(f.startsAtMs),
        f.untilMs === undefined ? "" : formatSimTime(f.untilMs),
        f.source,
      ]),
    ) + "\n"
  );
}
