/**
 * The lifecycle of a service process, written once: a pino root, a NATS connection, the part
 * built on it and started, SIGINT/SIGTERM stopping it (drain, then release; a second signal or
 * the force deadline exits at once), then the connection drained and an exit code. A stop asked
 * for at any point (while connecting, building, starting or running) leaves nothing running.
 */
import { pathToFileURL } from "node:url";
import type { Bus } from "../bus/bus.js";
import { connectNatsBus } from "../bus/nats-bus.js";
import type { Lifecycle } from "../lifecycle.js";
import { createRootLogger, type Logger } from "../log.js";
import { exitWhenDone, stopOnSignals } from "../process-signals.js";
import { parseServiceArgs, type CommonServiceConfig, type FlagSpecs, type FlagValues, type ServiceEnv } from "./service-config.js";

export interface ServiceContext {
  bus: Bus;
  /** the process logger with `{ svc, run }` bound */
  log: Logger;
  /** Aborts when a stop is asked for: for waits before the part exists (a coordinator's lease). */
  stopping: AbortSignal;
  /** Releases something when the service ends, after its part has stopped, in reverse order. */
  defer: (what: string, release: () => unknown) => void;
}

export interface RunServiceOptions<P extends Lifecycle> {
  /** The service: logs' `svc`, and the connection's name `orbitwin-<service>-<run>`. */
  service: string;
  config: CommonServiceConfig;
  /** The process's one root logger. @default made from config.logLevel (serviceRootLogger) */
  log?: Logger;
  /** Builds the part on the connected bus; undefined means there is nothing to run (exit code 0). */
  build: (context: ServiceContext) => P | undefined | Promise<P | undefined>;
  /** Called once the part has started (and is still running). */
  onStarted?: (part: P) => void;
  /** SIGINT/SIGTERM stop the service. @default true */
  handleSignals?: boolean;
  /** Stops the service when it aborts (supervisors, tests). */
  stopSignal?: AbortSignal;
  /** After the first signal, exit anyway after this long. @default 10000 ms */
  forceAfterMs?: number;
  /** The NATS connection's name. @default orbitwin-<service>-<run> */
  connectionName?: string;
  /** @default connectNatsBus */
  connect?: (options: { url: string; name: string; log: Logger }) => Promise<Bus>;
}

/** Runs a service until it is stopped or fails; resolves with the process exit code. */
export async function runService<P extends Lifecycle>(options: RunServiceOptions<P>): Promise<number> {
  const { service, config } = options;
  const log = (options.log ?? serviceRootLogger(service, config)).child({ svc: service, run: config.run });
  const stopping = new AbortController();
  let part: P | undefined;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const requestStop = () => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    // A part still starting finishes its start first, then releases everything (LifecycleBase).
    void part?.stop();
  };
  options.stopSignal?.addEventListener("abort", requestStop, { once: true });
  if (options.stopSignal?.aborted) requestStop();
  const removeSignalHandlers =
    options.handleSignals === false
      ? () => undefined
      : stopOnSignals({
          log,
          ...(options.forceAfterMs === undefined ? {} : { forceAfterMs: options.forceAfterMs }),
          stop: () => {
            requestStop();
            return done;
          },
        });
  const releases: { what: string; release: () => unknown }[] = [];
  let bus: Bus | undefined;
  try {
    if (stopping.signal.aborted) return 0;
    bus = await (options.connect ?? connectNatsBus)({ url: config.natsUrl, name: options.connectionName ?? `orbitwin-${service}-${config.run}`, log });
    if (stopping.signal.aborted) return 0;
    part = await options.build({ bus, log, stopping: stopping.signal, defer: (what, release) => releases.push({ what, release }) });
    if (!part || stopping.signal.aborted) return 0;
    await part.start();
    if (part.state === "running") options.onStarted?.(part);
    return (await part.closed()) ? 1 : 0;
  } catch (err) {
    log.error({ err }, `${service} failed to start`);
    return 1;
  } finally {
    removeSignalHandlers();
    options.stopSignal?.removeEventListener("abort", requestStop);
    for (const { what, release } of releases.reverse()) {
      try {
        await release();
      } catch (err) {
        log.warn({ err }, `${service}: releasing ${what} failed`);
      }
    }
    await bus?.drain().catch((err: unknown) => log.warn({ err }, `${service}: draining the connection failed`));
    finished();
  }
}

/** The root logger of a service process: pretty on a terminal outside production, JSON otherwise. */
export function serviceRootLogger(service: string, config: Pick<CommonServiceConfig, "logLevel">): Logger {
  return createRootLogger({ service, level: config.logLevel, pretty: process.stdout.isTTY === true && process.env.NODE_ENV !== "production" });
}

/** True when `moduleUrl` (a main.ts's import.meta.url) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  return moduleUrl === pathToFileURL(process.argv[1] ?? "").href;
}

export interface ServiceMainOptions<C extends CommonServiceConfig> {
  service: string;
  /** The service's flags (the same `orbitwin serve <service>` takes). */
  flags: FlagSpecs;
  resolve: (env: ServiceEnv, flags: FlagValues) => C;
  run: (config: C, log: Logger) => Promise<number>;
}

/**
 * The whole body of a service's main.ts: its flags and environment resolved by the same
 * resolver `orbitwin serve` uses (a bad one: one line on stderr, exit code 2), then run.
 */
export function serviceMain<C extends CommonServiceConfig>(options: ServiceMainOptions<C>): void {
  let config: C;
  try {
    config = options.resolve(process.env, parseServiceArgs(process.argv.slice(2), options.flags));
  } catch (err) {
    process.stderr.write(`${options.service}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
    return;
  }
  const log = serviceRootLogger(options.service, config);
  exitWhenDone(options.run(config, log), log, options.service);
}
