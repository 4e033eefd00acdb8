/**
 * Who is alive: fleet hosts known from their heartbeats, lost when heartbeats stop for longer
 * than the timeout. A host that restarts under the same id (new pid or start time) counts as a
 * new member, since it lost its state.
 */
import type { HostHeartbeat } from "@orbitwin/protocol";

export interface Member {
  host: string;
  pid: number;
  startedAtMs: number;
  lastSeenMs: number;
  epoch: number;
}

export type MembershipChange = { kind: "joined"; host: string } | { kind: "restarted"; host: string } | { kind: "lost"; host: string; silentMs: number };

export class Membership {
  readonly #members = new Map<string, Member>();
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Records a heartbeat; returns the change it reveals, if any. */
  heartbeat(hb: HostHeartbeat, nowMs: number): MembershipChange | undefined {
    const known = this.#members.get(hb.host);
    this.#members.set(hb.host, { host: hb.host, pid: hb.pid, startedAtMs: hb.startedAtMs, lastSeenMs: nowMs, epoch: hb.epoch });
    if (!known) return { kind: "joined", host: hb.host };
    if (known.pid !== hb.pid || known.startedAtMs !== hb.startedAtMs) return { kind: "restarted", host: hb.host };
    return undefined;
  }

  /** Removes and returns hosts silent for longer than the timeout. */
  expire(nowMs: number): MembershipChange[] {
    const lost: MembershipChange[] = [];
    for (const [host, m] of this.#members) {
      const silentMs = nowMs - m.lastSeenMs;
      if (silentMs > this.#timeoutMs) {
        this.#members.delete(host);
        lost.push({ kind: "lost", host, silentMs });
      }
    }
    return lost.sort((a, b) => (a.host < b.host ? -1 : 1));
  }

  /** Counts every member as seen at `nowMs`: after this process stalled, their silence may be its own. */
  forgive(nowMs: number): void {
    for (const m of this.#members.values()) m.lastSeenMs = Math.max(m.lastSeenMs, nowMs);
  }

  /** Forgets a host at once (it missed a tick deadline or refused its assignment). */
  remove(host: string): boolean {
    return this.#members.delete(host);
  }

  hosts(): string[] {
    return [...this.#members.keys()].sort();
  }

  get(host: string): Member | undefined {
    return this.#members.get(host);
  }

  get size(): number {
    return this.#members.size;
  }
}
