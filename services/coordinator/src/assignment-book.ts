/**
 * Which host owns which cluster, under which epoch, and whether that still stands. It stops
 * standing when an assigned host restarts, refuses or is lost; hosts that join call for a
 * reassignment too. Two waits keep a large run from moving its clusters back and forth (each move
 * costs the hosts a load and, once the run has begun, every participant a restore):
 * - the clusters of a lost host are moved once it has been gone as long as moving them would take
 *   (`regroupMs`, by its satellites): at scale a host taken for lost while it was busy is back
 *   before that, and nothing moves; in a small run that is no time at all;
 * - joins are taken up once they have settled (`joinSettleMs` after the first): hosts started
 *   together arrive within a heartbeat or two of each other, and one reassignment serves them all.
 */
import { assignClusters, movedClusters, type Assignment, type ClusterLoad } from "./assignment.js";

export interface AssignmentPlan {
  epoch: number;
  /** the tick the hosts' state is as of */
  tick: number;
  hosts: string[];
  next: Map<string, string[]>;
}

export class AssignmentBook {
  readonly #loads: readonly ClusterLoad[];
  readonly #satellitesOf: ReadonlyMap<string, number>;
  readonly #joinSettleMs: number;
  #assignment: Assignment = new Map();
  #epoch = 0;
  /** the newest epoch any host reports: a resumed run must go past it */
  #maxSeenEpoch = 0;
  #stale = true;
  #joinedAtMs: number | undefined;
  /** hosts lost with clusters, and until when their return is awaited */
  readonly #missing = new Map<string, number>();

  constructor(loads: readonly ClusterLoad[], joinSettleMs: number) {
    this.#loads = loads;
    this.#satellitesOf = new Map(loads.map((l) => [l.cluster, l.satellites]));
    this.#joinSettleMs = joinSettleMs;
  }

  get current(): Assignment {
    return this.#assignment;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** A resumed run continues the epochs of its checkpoint. */
  resumeAt(epoch: number): void {
    this.#epoch = epoch;
  }

  seen(epoch: number): void {
    this.#maxSeenEpoch = Math.max(this.#maxSeenEpoch, epoch);
  }

  /** True when the host owns clusters. */
  holds(host: string): boolean {
    return (this.#assignment.get(host)?.length ?? 0) > 0;
  }

  hostsWithClusters(): string[] {
    return [...this.#assignment].filter(([, list]) => list.length > 0).map(([host]) => host);
  }

  satellitesOf(host: string, assignment: Assignment = this.#assignment): number {
    return (assignment.get(host) ?? []).reduce((n, c) => n + (this.#satellitesOf.get(c) ?? 0), 0);
  }

  /** The satellites of the busiest host: what a tick or a restore waits on. */
  maxSatellitesPerHost(): number {
    return Math.max(0, ...[...this.#assignment.keys()].map((h) => this.satellitesOf(h)));
  }

  /** Satellites `host` must load to take up `plan`: those of clusters it does not hold yet. */
  satellitesToLoad(host: string, plan: AssignmentPlan): number {
    const held = new Set(this.#assignment.get(host) ?? []);
    return (plan.next.get(host) ?? []).reduce((n, c) => n + (held.has(c) ? 0 : (this.#satellitesOf.get(c) ?? 0)), 0);
  }

  /** An assigned host restarted, refused or missed a deadline: reassign at once. */
  invalidate(): void {
    this.#stale = true;
  }

  /** A host was lost; if it held clusters, they are moved once it has been gone for `regroupMs`. */
  hostLost(host: string, nowMs: number, regroupMs: number): void {
    if (!this.#assignment.has(host)) return;
    this.#stale = true;
    if (this.holds(host) && regroupMs > 0) this.#missing.set(host, nowMs + regroupMs);
  }

  hostJoined(host: string, nowMs: number): void {
    // A lost host that is back is no newcomer: the reassignment need not wait for joins.
    if (!this.#missing.delete(host)) this.#joinedAtMs ??= nowMs;
  }

  /** When the assignment must be redone (at once when it does not stand), or undefined while it stands. */
  dueAtMs(): number | undefined {
    if (this.#assignment.size === 0) return Number.NEGATIVE_INFINITY;
    if (this.#missing.size > 0) return Math.max(...this.#missing.values());
    if (this.#stale) return Number.NEGATIVE_INFINITY;
    return this.#joinedAtMs === undefined ? undefined : this.#joinedAtMs + this.#joinSettleMs;
  }

  /** The next assignment over `hosts`. Changes from here on call for another one. */
  plan(hosts: readonly string[], tick: number): AssignmentPlan {
    this.#stale = false;
    this.#joinedAtMs = undefined;
    this.#missing.clear();
    return { epoch: Math.max(this.#epoch, this.#maxSeenEpoch) + 1, tick, hosts: [...hosts], next: assignClusters(this.#loads, hosts, this.#assignment) };
  }

  /** Every host took up `plan`: it is the assignment now. Returns the clusters that moved. */
  commit(plan: AssignmentPlan): { moved: string[]; hadAssignment: boolean } {
    const moved = movedClusters(this.#assignment, plan.next);
    const hadAssignment = this.#assignment.size > 0;
    this.#assignment = plan.next;
    this.#epoch = plan.epoch;
    return { moved, hadAssignment };
  }

  /** Some host did not take up `plan`: its epoch is spent, and the assignment must be redone. */
  refused(plan: AssignmentPlan): void {
    this.#epoch = plan.epoch;
    this.#stale = true;
  }
}
