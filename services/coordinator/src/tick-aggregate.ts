/** What the participants of one tick report, summed as their dones arrive. */
import { addSubsystemTotals, emptySubsystemTotals, type ClockDone, type ClusterDigest, type ManeuverFailure, type SubsystemTotals } from "@orbitwin/protocol";

export class TickAggregate {
  readonly tick: number;
  readonly epoch: number;
  readonly waiting: Set<string>;
  satellites = 0;
  sunlit = 0;
  failed = 0;
  stepMsMax = 0;
  readonly digests: ClusterDigest[] = [];
  readonly maneuversFailed: ManeuverFailure[] = [];
  readonly subsystems: SubsystemTotals = emptySubsystemTotals();

  constructor(tick: number, epoch: number, participants: readonly string[]) {
    this.tick = tick;
    this.epoch = epoch;
    this.waiting = new Set(participants);
  }

  /** Adds a done of this tick and epoch from a participant still awaited; true when none is left. */
  add(done: ClockDone): boolean {
    if (done.tick !== this.tick || done.epoch !== this.epoch || !this.waiting.delete(done.host)) return false;
    this.satellites += done.satellites;
    this.sunlit += done.sunlit;
    this.failed += done.failed;
    this.stepMsMax = Math.max(this.stepMsMax, done.stepMs);
    this.digests.push(...done.digests);
    if (done.maneuversFailed) this.maneuversFailed.push(...done.maneuversFailed);
    if (done.subsystems) addSubsystemTotals(this.subsystems, done.subsystems);
    return this.waiting.size === 0;
  }

  get complete(): boolean {
    return this.waiting.size === 0;
  }

  /** The fleet-telemetry form of the subsystem totals; undefined without buses. */
  fleetSubsystems() {
    const t = this.subsystems;
    if (t.withBus === 0) return undefined;
    return {
      generatedW: t.generatedW,
      consumedW: t.consumedW,
      acceleratorsActive: t.acceleratorsActive,
      acceleratorsFailed: t.acceleratorsFailed,
      sparesLeft: t.sparesLeft,
      acceleratorHours: t.acceleratorHours,
      tempComputeMinK: t.tempComputeMinK,
      tempComputeMeanK: t.tempComputeSumK / t.withBus,
      tempComputeMaxK: t.tempComputeMaxK,
      byHealth: t.byHealth,
    };
  }
}
