/**
 * Every conjunction debris-watch has recorded, with what it needs to answer for it (the rating
 * behind the CDM). Ids are assigned in detection order, which is deterministic.
 */
import type { Conjunction, ConjunctionStatus } from "@orbitwin/protocol";
import type { CdmObject } from "./cdm.js";

export interface ConjunctionEntry {
  record: Conjunction;
  /** both objects at TCA as rated, for the CDM */
  cdmObjects: [CdmObject, CdmObject];
  ratedAtMs: number;
}

const OPEN: ReadonlySet<ConjunctionStatus> = new Set(["detected", "maneuver-planned"]);

export class ConjunctionTable {
  readonly #entries = new Map<string, ConjunctionEntry>();
  #seq = 0;

  nextId(): string {
    return `cj-${++this.#seq}`;
  }

  add(entry: ConjunctionEntry): void {
    this.#entries.set(entry.record.id, entry);
  }

  get(id: string): ConjunctionEntry | undefined {
    return this.#entries.get(id);
  }

  /**
   * True when the pair already has a recorded conjunction within a second of this TCA on the orbits
   * flown now: a mitigated or superseded one was on an orbit the satellite has left.
   */
  has(primary: string, secondary: string, tcaMs: number): boolean {
    for (const e of this.#entries.values()) {
      const r = e.record;
      const samePair = (r.primary === primary && r.secondary === secondary) || (r.primary === secondary && r.secondary === primary);
      if (samePair && Math.abs(r.tcaMs - tcaMs) <= 1000 && r.status !== "mitigated" && r.status !== "superseded") return true;
    }
    return false;
  }

  /** Open conjunctions (TCA ahead, not mitigated), by TCA then id. */
  open(): ConjunctionEntry[] {
    return [...this.#entries.values()]
      .filter((e) => OPEN.has(e.record.status))
      .sort((a, b) => a.record.tcaMs - b.record.tcaMs || a.record.id.localeCompare(b.record.id, "en", { numeric: true }));
  }

  /**
   * Forgets the closed conjunctions (passed, collided, mitigated, superseded) whose TCA is before
   * `cutoffMs`, so a long run's memory and checkpoints do not grow with every one it ever saw;
   * their events keep their history. Returns their ids.
   */
  forgetClosedBefore(cutoffMs: number): string[] {
    const forgotten: string[] = [];
    for (const [id, e] of this.#entries) {
      if (!OPEN.has(e.record.status) && e.record.tcaMs < cutoffMs) {
        this.#entries.delete(id);
        forgotten.push(id);
      }
    }
    return forgotten;
  }

  list(filter: { status?: ConjunctionStatus; minPc?: number }): Conjunction[] {
    return [...this.#entries.values()]
      .map((e) => e.record)
      .filter((r) => (filter.status === undefined || r.status === filter.status) && (filter.minPc === undefined || r.pc >= filter.minPc))
      .sort((a, b) => b.pc - a.pc || a.tcaMs - b.tcaMs);
  }

  snapshot(): { seq: number; entries: ConjunctionEntry[] } {
    return { seq: this.#seq, entries: structuredClone([...this.#entries.values()]) };
  }

  static fromSnapshot(snap: { seq: number; entries: ConjunctionEntry[] }): ConjunctionTable {
    const t = new ConjunctionTable();
    t.#seq = snap.seq;
    for (const e of snap.entries) t.#entries.set(e.record.id, e);
    return t;
  }

  get size(): number {
    return this.#entries.size;
  }
}
