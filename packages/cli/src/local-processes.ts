/**
 * Finding processes on this machine for drills: the process listening on a TCP port (a NATS
 * node), read from /proc as `ss -ltnp` would. Linux only; elsewhere it finds nothing.
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

const LISTEN_STATE = "0A";

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN_STATE) continue;
      const localPort = Number.parseInt(cols[1]!.split(":")[1] ?? "", 16);
      if (localPort === port) inodes.add(cols[9]!);
    }
  }
  return inodes;
}

/** The process that listens on `port` here, if any (and if this user may see it). */
export function pidListeningOn(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1]!)) return Number(entry);
      } catch {
        // The process ended or its descriptors are not ours to read.
      }
    }
  }
  return undefined;
}
