/** A study's progress as people read it: a bar, the counts and an ETA, on stderr. */
import { formatEta } from "../progress.js";
import type { StudyProgress } from "./study-run.js";

/** Non-terminal output gets a line at most this often, plus the last. */
const LOG_LINE_EVERY_MS = 5000;

export function progressLine(id: string, p: StudyProgress, elapsedMs: number): string {
  const left = p.total - p.done - p.running;
  const ranHere = p.done - p.resumed;
  const perMs = ranHere > 0 ? ranHere / elapsedMs : 0;
  const filled = Math.round((p.done / Math.max(1, p.total)) * 24);
  const kept = p.resumed > 0 ? ` (${p.resumed} kept)` : "";
  return `study ${id} [${"#".repeat(filled)}${"-".repeat(24 - filled)}] ${p.done}/${p.total} done${kept}, ${p.running} running, ${left} left  ETA ${formatEta(perMs > 0 ? (p.total - p.done) / perMs / 1000 : Infinity)}`;
}

/** Rewrites one line on a terminal; elsewhere (a log file) writes a line every few seconds and the last. */
export function progressReporter(id: string, stream: NodeJS.WriteStream = process.stderr): (p: StudyProgress) => void {
  const startedMs = performance.now();
  let lastLineMs = -Infinity;
  return (p) => {
    const now = performance.now();
    if (!stream.isTTY && now - lastLineMs < LOG_LINE_EVERY_MS && p.done < p.total) return;
    lastLineMs = now;
    const line = progressLine(id, p, now - startedMs);
    stream.write(stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  };
}
