/**
 * Once the run has begun, a new or restarted host or participant sends the run back to a
 * checkpoint, so a process is taken in only at its second heartbeat: one forged or replayed
 * heartbeat (on a server without roles) changes nothing.
 */

/** A heartbeat's process: a restart has another start (and, for a fleet host, another pid). */
export interface HeardProcess {
  pid?: number;
  startedAtMs: number;
  seq: number;
}

/** Processes heard once, by sender id, in the order heard; beyond `max`, the oldest is forgotten. */
export class JoinProofs {
  readonly #heard = new Map<string, HeardProcess>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** True when an earlier heartbeat of the same process (same pid and start, lower `seq`) was heard; otherwise this one is remembered. */
  proven(id: string, process: HeardProcess): boolean {
    const heard = this.#heard.get(id);
    if (heard && heard.pid === process.pid && heard.startedAtMs === process.startedAtMs && process.seq > heard.seq) return true;
    this.remember(id, process);
    return false;
  }

  /** Remembers `process` as heard (a lost member that comes back proves itself with a later heartbeat). */
  remember(id: string, process: HeardProcess): void {
    this.#heard.delete(id);
    if (this.#heard.size >= this.#max) this.#heard.delete(this.#heard.keys().next().value!);
    this.#heard.set(id, { pid: process.pid, startedAtMs: process.startedAtMs, seq: process.seq });
  }

  forget(id: string): void {
    this.#heard.delete(id);
  }
}
