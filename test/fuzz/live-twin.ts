/**
 * A whole twin as separate processes on a real NATS (coordinator, fleet hosts, thermal,
 * scheduler, debris-watch, gateway), each started with `orbitwin serve <service>` and no
 * supervisor: a process that dies stays dead, so a crash is seen, and each one's resident memory
 * can be read. Each gets an IPC channel, so they stop when the test process goes, however it goes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EventKinds, decodeUntrusted, encodeMessage, runStatusReply, subjects, type RunStatus } from "@orbitwin/protocol";
import type { Bus } from "@orbitwin/runtime";

const cliMain = fileURLToPath(new URL("../../packages/cli/dist/main.js", import.meta.url));

export const fuzzScenarioPath = fileURLToPath(new URL("./fuzz-scenario.yaml", import.meta.url));

export interface LiveTwinOptions {
  natsUrl: string;
  run: string;
  scenarioPath: string;
  /** @default 1 */
  hosts?: number;
  /** the folder each process's log goes to */
  logDir: string;
  /** start paused (the test steps it) @default true */
  paused?: boolean;
  /** `--until`, e.g. "1h" or "forever" @default the scenario's duration */
  until?: string;
  /** `--speed`, e.g. "1" or "max" @default max */
  speed?: string;
  /** clock participants besides the fleet hosts @default thermal, scheduler and debris-watch */
  participants?: readonly Participant[];
}

export type Participant = "thermal" | "scheduler" | "debris-watch";
const ALL_PARTICIPANTS: readonly Participant[] = ["thermal", "scheduler", "debris-watch"];

export interface LiveProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

export interface LiveTwin {
  readonly run: string;
  readonly processes: readonly LiveProcess[];
  /** The processes that have exited, with how (none while the twin is healthy). */
  dead(): { name: string; code: number | null; signal: string | null }[];
  /** Resident set size of each process, bytes (from /proc). */
  rss(): Record<string, number>;
  stop(): Promise<void>;
}

export function startLiveTwin(options: LiveTwinOptions): LiveTwin {
  mkdirSync(options.logDir, { recursive: true });
  const common = ["--nats", options.natsUrl, "--run", options.run, "--log-level", "warn"];
  const withScenario = [...common, "--scenario", options.scenarioPath];
  const hosts = options.hosts ?? 1;
  const participants = options.participants ?? ALL_PARTICIPANTS;
  const specs: [string, string, string[]][] = [
    [
      "coordinator",
      "coordinator",
      [
        ...withScenario,
        "--min-hosts",
        String(hosts),
        "--require",
        participants.join(","),
        "--speed",
        options.speed ?? "max",
        ...(options.paused === false ? [] : ["--paused"]),
        ...(options.until ? ["--until", options.until] : []),
      ],
    ],
    ...participants.map((p): [string, string, string[]] => [p, p, withScenario]),
    ["gateway", "gateway", [...common, "--port", "0"]],
    ...Array.from({ length: hosts }, (_, i): [string, string, string[]] => [
      `fleet-h${i + 1}`,
      "fleet",
      [...common, "--host", `${options.run}-h${i + 1}`, "--threads", "1"],
    ]),
  ];
  const processes = specs.map(([name, service, args]) => {
    const logFile = join(options.logDir, `${options.run}-${name}.log`);
    const fd = openSync(logFile, "w");
    const child = spawn(process.execPath, [cliMain, "serve", service, ...args], { stdio: ["ignore", fd, fd, "ipc"], env: { ...process.env, NATS_URL: "" } });
    closeSync(fd);
    return { name, child, logFile };
  });
  return {
    run: options.run,
    processes,
    dead: () =>
      processes
        .filter((p) => p.child.exitCode !== null || p.child.signalCode !== null)
        .map((p) => ({ name: p.name, code: p.child.exitCode, signal: p.child.signalCode })),
    rss: () => Object.fromEntries(processes.map((p) => [p.name, rssBytes(p.child.pid)])),
    stop: () => Promise.all(processes.map((p) => stopChild(p.child))).then(() => undefined),
  };
}

/** VmRSS of a live process, bytes; 0 when it is gone. */
export function rssBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The run's status from the coordinator (`ctl.status`). */
export async function runStatus(bus: Bus, run: string): Promise<RunStatus> {
  const reply = runStatusReply.decode((await bus.request(subjects.control(run, "status"), encodeMessage({}), { timeoutMs: 10_000 })).data);
  if (!reply.ok) throw new Error(`ctl.status refused: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

/** Sends a control verb and returns its reply; throws when refused. */
export async function control(bus: Bus, run: string, verb: "resume" | "step" | "pause", body: object = {}): Promise<void> {
  const reply = decodeUntrusted((await bus.request(subjects.control(run, verb), encodeMessage(body), { timeoutMs: 30_000 })).data, `ctl.${verb} reply`);
  if ((reply as { ok?: unknown }).ok !== true) throw new Error(`ctl.${verb} refused: ${JSON.stringify(reply)}`);
}

/**
 * Resolves with the run's status once `done(status)` holds, looking again whenever the run says
 * something (each fleet aggregate, each event): no fixed sleep, and forged messages on those
 * subjects only make it look sooner. Rejects when a process of the twin dies or after `timeoutMs`.
 */
export function statusWhen(bus: Bus, twin: LiveTwin, done: (s: RunStatus) => boolean, what: string, timeoutMs = 120_000): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    let looking = false;
    let again = false;
    const finish = (err: Error | undefined, status?: RunStatus) => {
      clearTimeout(timer);
      clearInterval(deaths);
      for (const s of subs) s.unsubscribe();
      if (err) reject(err);
      else resolve(status!);
    };
    // One status request at a time; a nudge that comes meanwhile asks again once it is answered.
    const look = () => {
      if (looking) {
        again = true;
        return;
      }
      looking = true;
      runStatus(bus, twin.run).then(
        (s) => {
          looking = false;
          if (done(s)) return finish(undefined, s);
          if (!again) return;
          again = false;
          look();
        },
        () => {
          looking = false;
        },
      );
    };
    const subs = [bus.subscribe(subjects.fleet(twin.run), look), bus.subscribe(subjects.event(twin.run, EventKinds.runFinished), look)];
    // A dead process ends the wait at once instead of at the timeout.
    const deaths = setInterval(() => {
      const dead = twin.dead();
      if (dead.length > 0) finish(new Error(`${what}: processes died: ${JSON.stringify(dead)}`));
      else look();
    }, 1000);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    look();
  });
}
