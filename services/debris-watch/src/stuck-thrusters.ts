/**
 * Fleet satellites that cannot burn: debris-watch learns of stuck thrusters from the clock (the
 * faults each tick starts and ends), as flight dynamics would from the operators, so it plans no
 * burn that cannot happen and every run decides alike.
 */
import type { ClockTick } from "@orbitwin/protocol";

interface StuckFault {
  sats: string[];
  clusters: string[];
}

export interface StuckThrustersSnapshot {
  faults: [string, StuckFault][];
  reported: string[];
}

export class StuckThrusters {
  readonly #faults = new Map<string, StuckFault>();
  /** conjunctions already reported as unavoidable, so each is raised once */
  readonly #reported = new Set<string>();

  update(tick: ClockTick): void {
    for (const f of tick.faults ?? []) if (f.kind === "stuck-thruster") this.#faults.set(f.id, { sats: f.sats ?? [], clusters: f.clusters ?? [] });
    for (const id of tick.faultsEnded ?? []) this.#faults.delete(id);
  }

  /** The fault keeping this satellite from burning, if any. */
  faultOn(sat: string, cluster: string | undefined): string | undefined {
    for (const [id, f] of this.#faults) if (f.sats.includes(sat) || (cluster !== undefined && f.clusters.includes(cluster))) return id;
    return undefined;
  }

  /** True the first time a conjunction is reported. */
  reportOnce(conjunction: string): boolean {
    if (this.#reported.has(conjunction)) return false;
    this.#reported.add(conjunction);
    return true;
  }

  snapshot(): StuckThrustersSnapshot {
    return { faults: [...this.#faults].map(([id, f]) => [id, structuredClone(f)]), reported: [...this.#reported] };
  }

  static fromSnapshot(s: StuckThrustersSnapshot | undefined): StuckThrusters {
    const out = new StuckThrusters();
    for (const [id, f] of s?.faults ?? []) out.#faults.set(id, structuredClone(f));
    for (const c of s?.reported ?? []) out.#reported.add(c);
    return out;
  }
}
