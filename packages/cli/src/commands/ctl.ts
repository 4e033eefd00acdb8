import { createRootLogger } from "@orbitwin/runtime";
import { parseCommandArgs, parsePositiveInt, parseSpeed } from "../args.js";
import { connectClient, control } from "../client.js";
import { UsageError } from "../errors.js";
import { renderStatus } from "./status.js";

export const ctlHelp = `orbitwin ctl pause | resume | speed X|max | step N | stop [--nats URL] [--run ID] [--json]

Run control (operators):
  pause         stop the clock after the current tick
  resume        run again (at the current speed)
  speed X|max   x wall clock (1 = real time), or max for lockstep as fast as possible
  step N        run N ticks, then pause
  stop          finish the run after one more tick, which reports the final digest
`;

export async function ctlCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { nats: { type: "string" }, run: { type: "string" }, json: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(ctlHelp);
    return 0;
  }
  const [verb, arg] = positionals;
  const log = createRootLogger({ service: "cli", level: "warn", destinationFd: 2 });
  let body: object = {};
  switch (verb) {
    case "pause":
    case "resume":
    case "stop":
      break;
    case "speed":
      if (!arg) throw new UsageError("ctl speed needs a value: a number (1 = real time) or max");
      body = { speed: parseSpeed(arg, "speed") ?? "max" };
      break;
    case "step":
      body = { ticks: parsePositiveInt(arg ?? "1", "step") };
      break;
    default:
      throw new UsageError(`ctl needs a verb: pause, resume, speed X, step N or stop${verb ? ` (got "${verb}")` : ""}`);
  }
  const client = await connectClient(values, log);
  try {
    const status = await control(client, verb, body);
    process.stdout.write(values.json ? JSON.stringify(status) + "\n" : renderStatus(status));
    return 0;
  } finally {
    await client.bus.drain();
  }
}
