/**
 * The study workers `orbitwin study --workers N` starts on this machine: `orbitwin serve
 * study-worker` child processes, each with an IPC channel so they stop when the command does,
 * their output in the study's folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "../service-processes.js";

const cliMain = fileURLToPath(new URL("../main.js", import.meta.url));

export interface LocalWorkers {
  readonly pids: readonly (number | undefined)[];
  stop(): Promise<void>;
}

export function startLocalWorkers(options: { count: number; natsUrl: string; logDir: string; ackWaitMs?: number }): LocalWorkers {
  mkdirSync(options.logDir, { recursive: true });
  const children: ChildProcess[] = [];
  for (let i = 0; i < options.count; i++) {
    const fd = openSync(join(options.logDir, `study-worker-${i + 1}.log`), "a");
    try {
      const args = ["serve", "study-worker", "--nats", options.natsUrl, ...(options.ackWaitMs ? ["--ack-wait", `${options.ackWaitMs}ms`] : [])];
      children.push(
        spawn(process.execPath, [cliMain, ...args], {
          stdio: ["ignore", fd, fd, "ipc"],
          detached: true,
          env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
        }),
      );
    } finally {
      closeSync(fd);
    }
  }
  return {
    pids: children.map((c) => c.pid),
    stop: async () => {
      await Promise.all(children.map((c) => stopChild(c)));
    },
  };
}
