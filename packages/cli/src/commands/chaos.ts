import { hostname } from "node:os";
import { hostHeartbeat, participantHeartbeat, registryKeys, buckets, subjects } from "@orbitwin/protocol";
import { TcpChaosProxy, connectNatsBus, createRootLogger, type NatsBus } from "@orbitwin/runtime";
import { parseCommandArgs, parseDurationFlag } from "../args.js";
import { resolveTarget } from "../current-run.js";
import { UsageError } from "../errors.js";
import { pidListeningOn } from "../local-processes.js";

export const ChaosVictims = ["fleet", "coordinator", "thermal", "scheduler", "debris-watch", "nats-node"] as const;
type Victim = (typeof ChaosVictims)[number];
const Signals = ["KILL", "TERM", "STOP", "CONT"] as const;

export const chaosHelp = `orbitwin chaos kill ${ChaosVictims.join("|")} [flags]
orbitwin chaos proxy --to HOST:PORT [--listen PORT] [--latency D] [--jitter D] [--bandwidth BYTES_PER_S] [--seed N]

Drills on a running twin: sends a signal to one of its processes on this machine. The twin is
expected to recover (hosts' work is reassigned, services are restarted by orbitwin up, a standby
coordinator takes over, clients move to another NATS node) and to end with the same digest.

  fleet           a fleet host (--host ID, default the first by id)
  coordinator     the coordinator holding the run's lease
  thermal, scheduler, debris-watch   that service
  nats-node       the NATS server this command connects to (on a cluster: one node)
  --signal S      KILL (default), TERM, STOP (freeze; CONT thaws it) or CONT
  --host ID       which fleet host
  --run ID, --nats URL   the twin (default: this folder's, as for orbitwin status)
  --json          print what was signalled as JSON

proxy: a TCP proxy for network drills (no Docker, netem or Toxiproxy needed). Point clients at
it (e.g. orbitwin serve fleet --nats nats://127.0.0.1:PORT) and it forwards to --to with the
link's latency, seeded jitter and bandwidth limit in each direction. While it runs:
  kill -USR1 PID  toggles a blackhole (connections stay open, nothing passes; on heal what was
                  held arrives in order)
  kill -USR2 PID  cuts every open connection (new ones are accepted)
  Ctrl-C          stops it
`;

/** Heartbeats come every second: listening this long hears every live process at least twice. */
const LISTEN_MS = 2500;

interface Found {
  what: string;
  pid: number;
  hostname: string;
}

export async function chaosCommand(argv: string[]): Promise<number> {
  if (argv[0] === "proxy") return proxyCommand(argv.slice(1));
  const { values, positionals } = parseCommandArgs(argv, {
    nats: { type: "string" },
    run: { type: "string" },
    host: { type: "string" },
    signal: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    process.stdout.write(chaosHelp);
    return 0;
  }
  const [verb, victimText] = positionals;
  if (verb !== "kill") throw new UsageError(`chaos needs a verb: kill or proxy${verb ? ` (got "${verb}")` : ""}`);
  if (!victimText || !(ChaosVictims as readonly string[]).includes(victimText))
    throw new UsageError(`chaos kill needs what to kill: ${ChaosVictims.join(", ")}${victimText ? ` (got "${victimText}")` : ""}`);
  const signalName = (values.signal ?? "KILL").toUpperCase().replace(/^SIG/, "");
  if (!(Signals as readonly string[]).includes(signalName)) throw new UsageError(`--signal ${values.signal}: give one of ${Signals.join(", ")}`);
  const target = resolveTarget(values);
  if (!target) throw new UsageError("no twin to drill: start one with `orbitwin up` in this folder, or pass --nats URL (or set NATS_URL)");
  const bus = await connectNatsBus({
    url: target.natsUrl,
    name: `orbitwin-chaos-${target.run}`,
    log: createRootLogger({ service: "cli", level: "warn", destinationFd: 2 }),
  });
  let found: Found;
  try {
    found = await findVictim(bus, target.run, victimText as Victim, values.host);
  } finally {
    await bus.drain();
  }
  if (found.hostname !== hostname()) throw new UsageError(`${found.what} runs on ${found.hostname}, not on this machine (${hostname()}): run the drill there`);
  process.kill(found.pid, `SIG${signalName}` as NodeJS.Signals);
  const report = { victim: victimText, what: found.what, pid: found.pid, signal: `SIG${signalName}` };
  process.stdout.write(values.json ? JSON.stringify(report) + "\n" : `sent SIG${signalName} to ${found.what} (pid ${found.pid})\n`);
  return 0;
}

async function findVictim(bus: NatsBus, run: string, victim: Victim, host: string | undefined): Promise<Found> {
  switch (victim) {
    case "nats-node": {
      const port = bus.serverPort;
      const pid = port === undefined ? undefined : pidListeningOn(port);
      if (pid === undefined)
        throw new UsageError(`no process listening on this machine on the NATS port ${port ?? "?"} (is the server remote, or run by another user?)`);
      return { what: `the NATS server on port ${port}`, pid, hostname: hostname() };
    }
    case "coordinator": {
      const entry = await (await bus.kv(buckets.registry(run))).get(registryKeys.coordinatorLease);
      if (!entry) throw new UsageError(`run ${run} has no coordinator holding its lease: is it running?`);
      const holder = (JSON.parse(new TextDecoder().decode(entry.value)) as { holder: string }).holder;
      const dash = holder.lastIndexOf("-");
      return { what: `coordinator ${holder}`, pid: Number(holder.slice(dash + 1)), hostname: holder.slice(0, dash) };
    }
    case "fleet": {
      const hosts = new Map<string, Found>();
      await listen(bus, subjects.allHostHeartbeats(run), (data) => {
        const hb = hostHeartbeat.decode(data);
        hosts.set(hb.host, { what: `fleet host ${hb.host}`, pid: hb.pid, hostname: hb.hostname });
      });
      const id = host ?? [...hosts.keys()].sort()[0];
      const found = id === undefined ? undefined : hosts.get(id);
      if (!found)
        throw new UsageError(
          hosts.size === 0
            ? `run ${run} has no fleet host heartbeating`
            : `no fleet host ${id} in run ${run}: there are ${[...hosts.keys()].sort().join(", ")}`,
        );
      return found;
    }
    default: {
      let found: Found | undefined;
      await listen(bus, subjects.allClockParticipants(run), (data) => {
        const p = participantHeartbeat.decode(data);
        if (p.role === victim && p.pid !== undefined) found = { what: `${p.role} ${p.participant}`, pid: p.pid, hostname: p.hostname ?? "" };
      });
      if (!found) throw new UsageError(`run ${run} has no ${victim} service heartbeating (with a process id)`);
      return found;
    }
  }
}

async function listen(bus: NatsBus, subject: string, onData: (data: Uint8Array) => void): Promise<void> {
  const sub = bus.subscribe(subject, (m) => {
    try {
      onData(m.data);
    } catch {
      // A malformed heartbeat names no process to signal.
    }
  });
  await new Promise((resolve) => setTimeout(resolve, LISTEN_MS));
  sub.unsubscribe();
}

async function proxyCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    to: { type: "string" },
    listen: { type: "string" },
    latency: { type: "string" },
    jitter: { type: "string" },
    bandwidth: { type: "string" },
    seed: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(chaosHelp);
    return 0;
  }
  const to = /^(.+):(\d{1,5})$/.exec(values.to ?? "");
  if (!to) throw new UsageError(`chaos proxy needs --to HOST:PORT, the server to forward to${values.to ? ` (got "${values.to}")` : ""}`);
  const nonNegative = (raw: string | undefined, flag: string, parse: (r: string) => number) => {
    if (raw === undefined) return undefined;
    const v = parse(raw);
    if (!Number.isFinite(v) || v < 0) throw new UsageError(`${flag} ${raw}: give a value, 0 or more`);
    return v;
  };
  const proxy = await TcpChaosProxy.start({
    upstreamHost: to[1]!,
    upstreamPort: Number(to[2]),
    listenPort: nonNegative(values.listen, "--listen", Number) ?? 0,
    latencyMs: nonNegative(values.latency, "--latency", (r) => parseDurationFlag(r, "--latency")) ?? 0,
    jitterMs: nonNegative(values.jitter, "--jitter", (r) => parseDurationFlag(r, "--jitter")) ?? 0,
    bandwidthBytesPerS: nonNegative(values.bandwidth, "--bandwidth", Number) ?? 0,
    seed: nonNegative(values.seed, "--seed", Number) ?? 1,
  }).catch((err: unknown) => {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  });
  process.stdout.write(`chaos proxy on ${proxy.url} -> ${values.to} (pid ${process.pid}; kill -USR1 toggles a blackhole, kill -USR2 cuts connections)\n`);
  const onBlackhole = () => {
    proxy.blackhole(!proxy.blackholed);
    process.stdout.write(`blackhole ${proxy.blackholed ? "on" : "off"}\n`);
  };
  const onCut = () => {
    proxy.cut();
    process.stdout.write("connections cut\n");
  };
  process.on("SIGUSR1", onBlackhole);
  process.on("SIGUSR2", onCut);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.off("SIGUSR1", onBlackhole);
  process.off("SIGUSR2", onCut);
  await proxy.close();
  const stats = proxy.stats();
  process.stdout.write(`chaos proxy stopped: ${stats.connections} connections, ${stats.bytesUp} bytes up, ${stats.bytesDown} bytes down\n`);
  return 0;
}
