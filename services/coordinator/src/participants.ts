/**
 * Clock participants that are not fleet hosts (thermal, the scheduler, debris-watch), known from
 * their heartbeats and lost when those stop. Only the kinds the run takes may join, each under its
 * own kind as id (the id its NATS user is pinned to). Once the run has begun, a join or restart
 * sends the whole run back to a checkpoint, so a process is taken in only at its second
 * heartbeat: one forged or replayed heartbeat is not a participant.
 */
import { ErrorCodes, OrbitwinError, ParticipantKinds, type ParticipantHeartbeat, type ParticipantKind } from "@orbitwin/protocol";
import { JoinProofs } from "./join-proof.js";
import { assertStartNotAhead, assertStartNotBefore } from "./process-start.js";

export interface LostParticipant {
  id: string;
  role: string;
  silentMs: number;
}

export class Participants {
  readonly #accepted: readonly ParticipantKind[];
  readonly #known = new Map<string, { lastSeenMs: number; startedAtMs: number; role: string }>();
  /** processes heard once while joins need proof: taken in at a later heartbeat of the same process */
  readonly #candidates = new JoinProofs(ParticipantKinds.length);

  /** `accepted`: the participant kinds the run takes. @default every kind */
  constructor(accepted: readonly ParticipantKind[] = ParticipantKinds) {
    this.#accepted = accepted;
  }

  /**
   * Records a heartbeat; true when a new participant or a restarted one is taken in. With
   * `proof`, a new process is taken in only at a heartbeat of it after the first (a higher `seq`).
   * A heartbeat that cannot be a participant's is refused (thrown) and changes nothing: an id the
   * run does not take, a role other than its id, a start more than a day past `nowMs`
   * (process-start.ts), or a "restart" that started before the process
   * already known (a restart starts later; a stale or forged heartbeat would send every
   * participant back to a checkpoint).
   */
  heartbeat(p: ParticipantHeartbeat, nowMs: number, proof = false): boolean {
    const id = p.participant;
    if (!(this.#accepted as readonly string[]).includes(id))
      throw new OrbitwinError(
        ErrorCodes.invalidMessage,
        `participant ${id}: this run takes only ${this.#accepted.join(", ") || "no participants besides fleet hosts"} (coordinator --require)`,
      );
    if (p.role !== id) throw new OrbitwinError(ErrorCodes.invalidMessage, `participant ${id}: role ${p.role}, but a participant's role is its id`);
    assertStartNotAhead(`participant ${id}`, p.startedAtMs, nowMs);
    const known = this.#known.get(id);
    assertStartNotBefore(`participant ${id}`, p.startedAtMs, known?.startedAtMs);
    if (known && known.startedAtMs === p.startedAtMs) {
      known.lastSeenMs = nowMs;
      return false;
    }
    if (proof && !this.#candidates.proven(id, p)) return false;
    this.#candidates.forget(id);
    this.#known.set(id, { lastSeenMs: nowMs, startedAtMs: p.startedAtMs, role: p.role });
    return true;
  }

  /** Counts every participant as seen at `nowMs`: after this process stalled, their silence may be its own. */
  forgive(nowMs: number): void {
    for (const p of this.#known.values()) p.lastSeenMs = Math.max(p.lastSeenMs, nowMs);
  }

  /** Removes and returns participants silent for longer than `timeoutMs`. */
  expire(nowMs: number, timeoutMs: number): LostParticipant[] {
    const lost: LostParticipant[] = [];
    for (const [id, p] of this.#known) {
      const silentMs = nowMs - p.lastSeenMs;
      if (silentMs <= timeoutMs) continue;
      this.#known.delete(id);
      lost.push({ id, role: p.role, silentMs });
    }
    return lost;
  }

  has(id: string): boolean {
    return this.#known.has(id);
  }

  role(id: string): string | undefined {
    return this.#known.get(id)?.role;
  }

  /** When the process taken in under `id` started; undefined for an id not taken in. */
  startedAtMs(id: string): number | undefined {
    return this.#known.get(id)?.startedAtMs;
  }

  /** Ids in a fixed order, so every tick waits on them alike. */
  ids(): string[] {
    return [...this.#known.keys()].sort();
  }
}
