/**
 * Fleet satellites debris-watch cannot make burn: a stuck thruster, or a comms blackout (the
 * command would not reach it). It learns of them from the clock (the faults each tick starts and
 * ends), as flight dynamics would from the operators, so it plans no burn that cannot happen and
 * every run decides alike. Faults aimed at a region are not known here by satellite: a burn they
 * stop comes back as a failed burn (see BurnsInFlight).
 */
import type { ClockTick } from "@orbitwin/protocol";

export type BlockingFault = "stuck-thruster" | "comms-blackout";

interface Blocker {
  kind: BlockingFault;
  sats: string[];
  clusters: string[];
}

export interface BurnBlockersSnapshot {
  faults: [string, Blocker][];
  reported: string[];
}

const isBlocking = (kind: string): kind is BlockingFault => kind === "stuck-thruster" || kind === "comms-blackout";

export class BurnBlockers {
  readonly #faults = new Map<string, Blocker>();
  /** conjunctions already reported as unavoidable, so each is raised once */
  readonly #reported = new Set<string>();

  update(tick: ClockTick): void {
    for (const f of tick.faults ?? []) if (isBlocking(f.kind)) this.#faults.set(f.id, { kind: f.kind, sats: f.sats ?? [], clusters: f.clusters ?? [] });
    for (const id of tick.faultsEnded ?? []) this.#faults.delete(id);
  }

  /** The fault keeping this satellite from burning, if any. */
  faultOn(sat: string, cluster: string | undefined): { id: string; kind: BlockingFault } | undefined {
    for (const [id, f] of this.#faults) if (f.sats.includes(sat) || (cluster !== undefined && f.clusters.includes(cluster))) return { id, kind: f.kind };
    return undefined;
  }

  /** True the first time a conjunction is reported. */
  reportOnce(conjunction: string): boolean {
    if (this.#reported.has(conjunction)) return false;
    this.#reported.add(conjunction);
    return true;
  }

  /** Drops conjunctions that are forgotten: none of them can be reported again. */
  forget(conjunctions: readonly string[]): void {
    for (const c of conjunctions) this.#reported.delete(c);
  }

  snapshot(): BurnBlockersSnapshot {
    return { faults: [...this.#faults].map(([id, f]) => [id, structuredClone(f)]), reported: [...this.#reported] };
  }

  static fromSnapshot(s: BurnBlockersSnapshot | undefined): BurnBlockers {
    const out = new BurnBlockers();
    for (const [id, f] of s?.faults ?? []) out.#faults.set(id, structuredClone(f));
    for (const c of s?.reported ?? []) out.#reported.add(c);
    return out;
  }
}
