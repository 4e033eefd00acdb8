/**
 * Who is alive: fleet hosts known from their heartbeats, lost when heartbeats stop for longer
 * than the timeout. A host that restarts under the same id (new pid or start time) counts as a
 * new member, since it lost its state. A host given work expected to keep it busy (loading its
 * clusters, stepping a tick) may fall silent while it works: its silence counts from the time that
 * work is expected to end, even when it answers sooner (what it leaves to the garbage collector
 * can keep it silent a while after it answered).
 */
import { ErrorCodes, OrbitwinError, type HostHeartbeat } from "@orbitwin/protocol";

export interface Member {
  host: string;
  pid: number;
  startedAtMs: number;
  lastSeenMs: number;
  epoch: number;
  /** until when the host is expected to be busy with work it was given; its silence counts from then */
  busyUntilMs: number;
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
    // A restart starts later: an older start is stale or forged, and would send the run back to a checkpoint.
    if (known && hb.startedAtMs < known.startedAtMs)
      throw new OrbitwinError(
        ErrorCodes.invalidMessage,
        `fleet host ${hb.host}: startedAtMs ${hb.startedAtMs} is before the running process's ${known.startedAtMs}; a restart starts later`,
      );
    const restarted = known !== undefined && (known.pid !== hb.pid || known.startedAtMs !== hb.startedAtMs);
    const busyUntilMs = known && !restarted ? known.busyUntilMs : 0;
    this.#members.set(hb.host, { host: hb.host, pid: hb.pid, startedAtMs: hb.startedAtMs, lastSeenMs: nowMs, epoch: hb.epoch, busyUntilMs });
    if (!known) return { kind: "joined", host: hb.host };
    if (restarted) return { kind: "restarted", host: hb.host };
    return undefined;
  }

  /** Removes and returns hosts silent for longer than the timeout (counted from the end of their work). */
  expire(nowMs: number): MembershipChange[] {
    const lost: MembershipChange[] = [];
    for (const [host, m] of this.#members) {
      if (nowMs - Math.max(m.lastSeenMs, m.busyUntilMs) > this.#timeoutMs) {
        this.#members.delete(host);
        lost.push({ kind: "lost", host, silentMs: nowMs - m.lastSeenMs });
      }
    }
    return lost.sort((a, b) => (a.host < b.host ? -1 : 1));
  }

  /** The host is expected to be busy until `untilMs` (a later expectation wins). */
  expectBusy(host: string, untilMs: number): void {
    const m = this.#members.get(host);
    if (m) m.busyUntilMs = Math.max(m.busyUntilMs, untilMs);
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
