/**
 * Clock participants that are not fleet hosts (the thermal service, later the scheduler and
 * debris-watch), known from their heartbeats and lost when those stop.
 */
import { ErrorCodes, OrbitwinError, type ParticipantHeartbeat } from "@orbitwin/protocol";

export interface LostParticipant {
  id: string;
  role: string;
  silentMs: number;
}

export class Participants {
  readonly #known = new Map<string, { lastSeenMs: number; startedAtMs: number; role: string }>();

  /**
   * Records a heartbeat; true when it is a new participant or a restarted one. A heartbeat that
   * cannot be the participant's is refused (thrown) and changes nothing: a role other than the
   * one it joined with, or a "restart" that started before the process already known (a restart
   * starts later; a stale or forged heartbeat would send every participant back to a checkpoint).
   */
  heartbeat(p: ParticipantHeartbeat, nowMs: number): boolean {
    const known = this.#known.get(p.participant);
    if (known && known.role !== p.role)
      throw new OrbitwinError(ErrorCodes.invalidMessage, `participant ${p.participant}: role ${p.role}, but it joined as ${known.role}`);
    if (known && p.startedAtMs < known.startedAtMs)
      throw new OrbitwinError(
        ErrorCodes.invalidMessage,
        `participant ${p.participant}: startedAtMs ${p.startedAtMs} is before the running process's ${known.startedAtMs}; a restart starts later`,
      );
    this.#known.set(p.participant, { lastSeenMs: nowMs, startedAtMs: p.startedAtMs, role: p.role });
    return !known || known.startedAtMs !== p.startedAtMs;
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

  /** Ids in a fixed order, so every tick waits on them alike. */
  ids(): string[] {
    return [...this.#known.keys()].sort();
  }
}
