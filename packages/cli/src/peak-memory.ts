/**
 * Peak resident memory of the twin's processes, for `run --json` and the scale benchmark: the
 * kernel's high-water mark (VmHWM in /proc/<pid>/status), read while the process still lives.
 * Linux only; elsewhere a process's peak is unknown (undefined).
 */
import { readFileSync } from "node:fs";

export interface ProcessPeak {
  /** what the process is: coordinator, fleet <host>, thermal, nats-server, cli, ... */
  name: string;
  pid: number;
  peakRssBytes: number;
}

/** The peak resident set of `pid` so far, bytes; undefined when it cannot be read. */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Peaks of the processes whose pid is known and readable. */
export function peaksOf(processes: readonly { name: string; pid: number | undefined }[]): ProcessPeak[] {
  const peaks: ProcessPeak[] = [];
  for (const p of processes) {
    const bytes = p.pid === undefined ? undefined : peakRssBytes(p.pid);
    if (bytes !== undefined) peaks.push({ name: p.name, pid: p.pid!, peakRssBytes: bytes });
  }
  return peaks;
}
