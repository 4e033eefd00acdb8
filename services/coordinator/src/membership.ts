/**
 * Who is alive: fleet hosts known from their heartbeats, lost when heartbeats stop for longer
 * than the timeout. A host that restarts under the same id (new pid or start time) counts as a
 * new member, since it lost its state. Once the run has begun a join takes clusters from live
 * hosts and a restart sends the run back to a checkpoint, so a new process is then taken in only
 * at its second heartbeat: one forged or replayed heartbeat (on a server without roles) changes
 * nothing, and the member it claims to replace stays until it falls silent. A host given work expected to keep it busy (loading its
 * clusters, stepping a tick) may fall silent while it works: its silence counts from the time that
 * work is expected to end, even when it answers sooner (what it leaves to the garbage collector
 * can keep it silent a while after it answered).
 */
import type { HostHeartbeat } from "@orbitwin/protocol";
import { JoinProofs } from "./join-proof.js";
import { assertStartNotAhead, assertStartNotBefore } from "./process-start.js";

export interface Member {
  host: string;
  pid: number;
  startedAtMs: number;
  lastSeenMs: number;
  epoch: number;
  /** the `seq` of its last heartbeat */
  seq: number;
  /** until when the host is expected to be busy with work it was given; its silence counts from then */
  busyUntilMs: number;
}

export type MembershipChange = { kind: "joined"; host: string } | { kind: "restarted"; host: string } | { kind: "lost"; host: string; silentMs: number };

/** What a heartbeat did: a change, `alive` (a member seen again) or `unproven` (a new process heard once). */
export type HeartbeatOutcome = Exclude<MembershipChange, { kind: "lost" }> | { kind: "alive" } | { kind: "unproven" };

/** Processes heard once (or members lost) remembered for their next heartbeat; beyond, the oldest is forgotten. */
export const MAX_HOST_CANDIDATES = 1024;

export class Membership {
  readonly #members = new Map<string, Member>();
  /** Processes heard once while joins need proof, and members lost (a process that comes back proves itself with a later heartbeat). */
  readonly #candidates = new JoinProofs(MAX_HOST_CANDIDATES);
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Records a heartbeat. With `proof` (the run has begun) a new or restarted process is taken in
   * only at a later heartbeat of it (same pid and start, higher `seq`). Refused (thrown, nothing
   * changed): a start more than a day past `nowMs` (process-start.ts) or before the running
   * process's (a restart starts later).
   */
  heartbeat(hb: HostHeartbeat, nowMs: number, proof = false): HeartbeatOutcome {
    assertStartNotAhead(`fleet host ${hb.host}`, hb.startedAtMs, nowMs);
    const known = this.#members.get(hb.host);
    assertStartNotBefore(`fleet host ${hb.host}`, hb.startedAtMs, known?.startedAtMs);
    const restarted = known !== undefined && (known.pid !== hb.pid || known.startedAtMs !== hb.startedAtMs);
    if ((!known || restarted) && proof && !this.#candidates.proven(hb.host, hb)) return { kind: "unproven" };
    this.#candidates.forget(hb.host);
    const busyUntilMs = known && !restarted ? known.busyUntilMs : 0;
    this.#members.set(hb.host, { host: hb.host, pid: hb.pid, startedAtMs: hb.startedAtMs, lastSeenMs: nowMs, epoch: hb.epoch, seq: hb.seq, busyUntilMs });
    if (!known) return { kind: "joined", host: hb.host };
    if (restarted) return { kind: "restarted", host: hb.host };
    return { kind: "alive" };
  }

  /** Removes and returns hosts silent for longer than the timeout (counted from the end of their work). */
  expire(nowMs: number): MembershipChange[] {
    const lost: MembershipChange[] = [];
    for (const [host, m] of this.#members) {
      if (nowMs - Math.max(m.lastSeenMs, m.busyUntilMs) > this.#timeoutMs) {
        this.#members.delete(host);
        this.#candidates.remember(host, m);
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
    const m = this.#members.get(host);
    if (m) this.#candidates.remember(host, m);
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
