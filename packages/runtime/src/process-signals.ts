/**
 * Signal handling for a service process's main.ts: the first SIGINT/SIGTERM stops the part
 * gracefully (drain, release); a second signal, or the force deadline, exits at once.
 */
import type { Logger } from "pino";

export interface StopOnSignalsOptions {
  log: Logger;
  /** Called once on the first signal; must resolve when everything is released. */
  stop(): Promise<void>;
  /** @default 10000 ms */
  forceAfterMs?: number;
}

/** Installs the handlers; returns a function that removes them. */
export function stopOnSignals(options: StopOnSignalsOptions): () => void {
  const forceAfterMs = options.forceAfterMs ?? 10_000;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.log.warn({ signal }, "second signal: exiting now");
      process.exit(130);
    }
    stopping = true;
    options.log.info({ signal }, "stopping");
    const force = setTimeout(() => {
      options.log.error({ forceAfterMs }, "did not stop in time: exiting");
      process.exit(1);
    }, forceAfterMs);
    force.unref();
    options.stop().then(
      () => clearTimeout(force),
      (err: unknown) => {
        options.log.error({ err }, "stop failed");
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/** Ends a service process's main: exit code from `run`, its start failure logged, logs flushed. */
export function exitWhenDone(run: Promise<number>, log: Logger, what: string): void {
  run.then(
    (code) => {
      log.flush();
      process.exitCode = code;
    },
    (err: unknown) => {
      log.error({ err }, `${what} failed to start`);
      log.flush();
      process.exitCode = 1;
    },
  );
}
