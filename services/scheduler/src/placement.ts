/**
 * Places jobs on the satellites a policy finds eligible, within one tick: candidates are scored
 * once per cluster, then each job takes free accelerators greedily inside one cluster (a gang
 * never spans clusters: their links do not reach). A cursor per cluster skips satellites already
 * full, so placing many jobs costs about one pass over the candidates.
 */
import type { ClusterView } from "./cluster-view.js";
import type { Placement } from "./job.js";
import type { PlacementPolicy } from "./placement-policy.js";

interface Candidates {
  view: ClusterView;
  /** eligible slots, in the policy's order */
  slots: Int32Array;
  /** first entry of `slots` that may still have free accelerators */
  cursor: number;
  /** free accelerators on the eligible slots */
  free: number;
  meanScore: number;
}

export class PlacementRound {
  readonly #clusters: Candidates[] = [];
  /** largest free capacity of one cluster at the start of the round, accelerators */
  readonly largestFree: number;

  constructor(policy: PlacementPolicy, views: readonly ClusterView[]) {
    let largest = 0;
    const scores = new Float64Array(views.reduce((m, v) => Math.max(m, v.count), 0));
    for (const view of views) {
      if (!view.hasBus) continue;
      const eligible: number[] = [];
      let free = 0;
      let sum = 0;
      for (let i = 0; i < view.count; i++) {
        const s = policy.score(view, i);
        scores[i] = s;
        if (s === -Infinity) continue;
        const f = view.free(i);
        if (f === 0) continue;
        eligible.push(i);
        free += f;
        sum += s;
      }
      if (eligible.length === 0) continue;
      if (policy.byScore) eligible.sort((a, b) => scores[b]! - scores[a]! || a - b);
      this.#clusters.push({ view, slots: Int32Array.from(eligible), cursor: 0, free, meanScore: sum / eligible.length });
      largest = Math.max(largest, free);
    }
    if (policy.byScore) this.#clusters.sort((a, b) => b.meanScore - a.meanScore || (a.view.cluster < b.view.cluster ? -1 : 1));
    else this.#clusters.sort((a, b) => (a.view.cluster < b.view.cluster ? -1 : 1));
    this.largestFree = largest;
  }

  /**
   * Takes `accelerators` in the first cluster (in policy order) that has them, never on a
   * satellite `skip` refuses (where the job just failed, or one entering the shadow); undefined
   * when no cluster has them.
   */
  place(accelerators: number, skip?: (view: ClusterView, slot: number) => boolean): Placement | undefined {
    for (const c of this.#clusters) {
      if (c.free < accelerators) continue;
      const slots: number[] = [];
      const counts: number[] = [];
      let need = accelerators;
      for (let k = c.cursor; k < c.slots.length && need > 0; k++) {
        const slot = c.slots[k]!;
        if (skip?.(c.view, slot)) continue;
        const f = c.view.free(slot);
        if (f === 0) {
          if (k === c.cursor) c.cursor++;
          continue;
        }
        const take = Math.min(f, need);
        slots.push(slot);
        counts.push(take);
        c.view.used[slot] = c.view.used[slot]! + take;
        need -= take;
        if (take === f && k === c.cursor) c.cursor++;
      }
      if (need > 0) {
        // Short only because of skipped satellites: give back what was taken, try the next cluster.
        release(c.view, { cluster: c.view.cluster, slots, counts });
        continue;
      }
      c.free -= accelerators;
      return { cluster: c.view.cluster, slots, counts };
    }
    return undefined;
  }
}

/** Gives a placement's accelerators back to its satellites. */
export function release(view: ClusterView, placement: Placement): void {
  for (let k = 0; k < placement.slots.length; k++) {
    const slot = placement.slots[k]!;
    view.used[slot] = Math.max(0, view.used[slot]! - placement.counts[k]!);
  }
}
