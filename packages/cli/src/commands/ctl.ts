import { ErrorCodes, OrbitwinError, type RunStatus, type SnapshotResult } from "@orbitwin/protocol";
import { CheckpointStore, createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs, parseDurationFlag, parseNonNegativeInt, parsePositiveInt, parseSpeed } from "../args.js";
import { connectClient, control, type Client } from "../client.js";
import { UsageError } from "../errors.js";
import { runOperation } from "../operations.js";
import { forkCommand, forkHelp } from "./fork.js";
import { renderStatus } from "./status.js";

export const ctlHelp = `orbitwin ctl pause | resume | speed X|max | step N | stop | snapshot | restore TICK | checkpoints [--nats URL] [--run ID] [--json]
orbitwin ctl fork --from TICK --as RUN [--patch FILE] [flags]

Run control (operators). Every command but checkpoints is stored in the run's durable command
log before it is applied, so it survives a coordinator takeover or a NATS node loss, and a retry
is never applied twice.
  pause         stop the clock after the current tick
  resume        run again (at the current speed)
  speed X|max   x wall clock (1 = real time), or max for lockstep as fast as possible
  step N        run N ticks, then pause
  stop          finish the run after one more tick, which reports the final digest
  snapshot      take a checkpoint at the next tick and wait until it is complete
                (--timeout D, default 60s; a paused run takes it when it next steps)
  restore TICK  every participant back to the checkpoint of TICK; the run goes on from there
                (later checkpoints are dropped: they belong to the timeline left behind)
  checkpoints   the ticks of the run's complete checkpoints
  fork          a what-if run beside this one, from one of its checkpoints (ctl fork --help)
`;

export async function ctlCommand(argv: string[]): Promise<number> {
  if (argv[0] === "fork") return forkCommand(argv.slice(1));
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    json: { type: "boolean" },
    timeout: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(`${ctlHelp}\n${forkHelp}`);
    return 0;
  }
  const [verb, arg] = positionals;
  let body: object = {};
  switch (verb) {
    case "pause":
    case "resume":
    case "stop":
    case "snapshot":
    case "checkpoints":
      break;
    case "speed":
      if (!arg) throw new UsageError("ctl speed needs a value: a number (1 = real time) or max");
      body = { speed: parseSpeed(arg, "speed") ?? "max" };
      break;
    case "step":
      body = { ticks: parsePositiveInt(arg ?? "1", "step") };
      break;
    case "restore":
      if (arg === undefined) throw new UsageError("ctl restore needs the tick of a complete checkpoint (see orbitwin ctl checkpoints)");
      body = { tick: parseNonNegativeInt(arg, "restore") };
      break;
    default:
      throw new UsageError(
        `ctl needs a verb: pause, resume, speed X, step N, stop, snapshot, restore TICK, checkpoints or fork${verb ? ` (got "${verb}")` : ""}`,
      );
  }
  const timeoutMs = values.timeout === undefined ? 60_000 : parseDurationFlag(values.timeout, "--timeout");
  const client = await connectClient(values, createRootLogger({ service: "cli", level: "warn", destinationFd: 2 }));
  const print = (json: unknown, text: string) => process.stdout.write(values.json ? JSON.stringify(json) + "\n" : text);
  try {
    if (verb === "checkpoints") {
      const ticks = await (await CheckpointStore.open(client.bus, client.run)).completeTicks();
      print(
        { ticks },
        ticks.length === 0 ? `run ${client.run} has no complete checkpoint yet\n` : `complete checkpoints of run ${client.run} at ticks: ${ticks.join(", ")}\n`,
      );
      return 0;
    }
    if (verb === "snapshot") {
      const scheduled = (await runOperation(client, "snapshot", {})) as SnapshotResult;
      const status = await control(client, "status");
      if (status.state === "paused") {
        print(scheduled, `checkpoint of tick ${scheduled.tick} scheduled: the run is paused and takes it when it next steps\n`);
        return 0;
      }
      await awaitCheckpoint(client, scheduled.tick, timeoutMs);
      print({ tick: scheduled.tick, state: "complete" }, `checkpoint of tick ${scheduled.tick} complete\n`);
      return 0;
    }
    if (verb === "restore") {
      const r = (await runOperation(client, "restore", body)) as { tick: number; from: number };
      print(r, `run ${client.run} goes back from tick ${r.from} to the checkpoint of tick ${r.tick}\n`);
      return 0;
    }
    const status = (await runOperation(client, verb, body)) as RunStatus;
    print(status, renderStatus(status));
    return 0;
  } finally {
    await client.bus.drain();
  }
}

async function awaitCheckpoint(client: Client, tick: number, timeoutMs: number): Promise<void> {
  const store = await CheckpointStore.open(client.bus, client.run);
  const deadline = Date.now() + timeoutMs;
  for (let waitMs = 50; !(await store.manifest(tick)); waitMs = Math.min(1000, waitMs * 2)) {
    if (Date.now() > deadline)
      throw new OrbitwinError(
        ErrorCodes.timeout,
        `the checkpoint of tick ${tick} was not complete within ${Math.round(timeoutMs / 1000)} s: is the run moving (orbitwin status)?`,
        { retryable: true },
      );
    await new Promise((r) => setTimeout(r, waitMs));
  }
}
