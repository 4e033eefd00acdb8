/**
 * The last error a service wrote to its log file (pino JSON lines, level 50 or more), for a
 * command to say why a service it started stopped instead of only where its logs are.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** The fields of a pino line this reads. */
type LogLine = { level?: unknown; msg?: unknown; err?: { message?: unknown } };

/** How much of the file's end is read: a start failure is among its last lines. */
const TAIL_BYTES = 256 * 1024;

/** "message: error message" of the log's last error line; undefined when there is none or the file cannot be read. */
export function lastLoggedError(logFile: string): string | undefined {
  let text: string;
  try {
    const fd = openSync(logFile, "r");
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const record = parsed(lines[i]!);
    if (typeof record?.level !== "number" || record.level < 50) continue;
    const detail = typeof record.err?.message === "string" ? record.err.message : undefined;
    const message = typeof record.msg === "string" ? record.msg : undefined;
    return [message, detail].filter(Boolean).join(": ") || undefined;
  }
  return undefined;
}

function parsed(line: string): LogLine | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return undefined;
  }
}
