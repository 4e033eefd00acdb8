/** Connects `watch`, `status` and `ctl` to a running twin, and sends control requests. */
import { OrbitwinError, assertToken, encodeMessage, runStatusReply, subjects, type ControlVerb, type ReplyOf, type RunStatus } from "@orbitwin/protocol";
import { connectNatsBus, type Bus, type Logger } from "@orbitwin/runtime";
import { resolveTarget } from "./current-run.js";
import { UsageError } from "./errors.js";

export interface Client {
  bus: Bus;
  run: string;
  natsUrl: string;
  /** Connected as a named NATS user (credentials file or URL): its server enforces per-run roles. */
  authenticated: boolean;
}

export async function connectClient(flags: { nats?: string | undefined; run?: string | undefined }, log: Logger): Promise<Client> {
  const target = resolveTarget(flags);
  if (!target) {
    throw new UsageError("no twin to talk to: start one with `orbitwin up` in this folder, or pass --nats URL (or set NATS_URL)");
  }
  const run = assertToken(target.run, "--run");
  const bus = await connectNatsBus({
    url: target.natsUrl,
    name: `orbitwin-cli-${run}`,
    log,
    ...(target.credsFile ? { credsFile: target.credsFile } : {}),
    ...(target.tlsCaFile ? { tlsCaFile: target.tlsCaFile } : {}),
  });
  const authenticated = Boolean(target.credsFile || process.env.ORBITWIN_CREDS) || /\/\/[^/@]+@/.test(target.natsUrl);
  return { bus, run, natsUrl: target.natsUrl, authenticated };
}

/** Sends a control request and returns the run status from the reply, or throws its error. */
export async function control(client: Client, verb: ControlVerb, body: object = {}): Promise<RunStatus> {
  const reply = await client.bus.request(subjects.control(client.run, verb), encodeMessage(body), { timeoutMs: 5000 });
  return resultOf(runStatusReply.decode(reply.data));
}

/** A reply's result, or its error raised again with the code the service sent. */
export function resultOf<T>(reply: ReplyOf<T>): T {
  if (!reply.ok) throw OrbitwinError.fromWire(reply.error);
  return reply.result;
}
