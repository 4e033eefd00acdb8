/**
 * One pino root logger per process. Pretty only on a TTY outside production; JSON otherwise.
 * Children bind `{ svc, run, host }`, then `{ cluster }` per actor. Nothing logs per message.
 */
import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  /** Service name bound on every line. */
  service: string;
  /** @default process env LOG_LEVEL read by main.ts, else "info" */
  level?: LevelWithSilent;
  /** Pretty-print (pino-pretty in a worker). @default false */
  pretty?: boolean;
  /** Write to this file descriptor. @default 1 (stdout) */
  destinationFd?: number;
}

export function createRootLogger(options: LoggerOptions): Logger {
  const base = {
    name: "orbitwin",
    level: options.level ?? "info",
    base: { svc: options.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["nats.pass", "nats.token", "*.password", "*.token"], censor: "[redacted]" },
  };
  if (options.pretty) {
    return pino({
      ...base,
      transport: {
        target: "pino-pretty",
        options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,name", destination: options.destinationFd ?? 1 },
      },
    });
  }
  return pino(base, pino.destination({ fd: options.destinationFd ?? 1, sync: false }));
}

/** A logger that drops everything: for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
