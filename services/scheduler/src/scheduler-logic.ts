/**
 * What the job scheduler decides, apart from the bus (a ParticipantLogic): each cluster's batch
 * of tick n updates its view (built from the cluster's definition, never from a batch: a batch
 * that does not fit is refused and changes nothing); tick n is then decided by the core
 * (scheduler-core.ts): job events, and each cluster's satellite loads, applied at n + 1.
 */
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import type { ClusterDefinitions, ParticipantLogic } from "@orbitwin/runtime";
import { ClusterView, type ClusterViewSnapshot } from "./cluster-view.js";
import type { SchedulerCore, SchedulerCoreSnapshot } from "./scheduler-core.js";
import type { SubmissionLog } from "./submission-log.js";

export interface SchedulerState {
  /** One core for the service's life: a restore puts it back in place, keeping bus submissions. */
  readonly core: SchedulerCore;
  readonly views: Map<string, ClusterView>;
}

/** What a coordinated checkpoint keeps of the scheduler. */
export interface SchedulerSnapshot {
  core: SchedulerCoreSnapshot;
  views: ClusterViewSnapshot[];
}

/** `submissions`: the run's stored submissions, taken again after a restore (none: only what this process holds). */
export function schedulerLogic(core: SchedulerCore, submissions?: () => SubmissionLog | undefined): ParticipantLogic<SchedulerState, SchedulerSnapshot> {
  return {
    initial: () => ({ core, views: new Map() }),
    // Ids only: the shadow ahead comes from each batch's state vectors, never from the elements.
    readsElements: false,
    onBatch: (state, t, { definitions }) => {
      let view = state.views.get(t.cluster);
      if (!view) state.views.set(t.cluster, (view = new ClusterView(t.cluster, definitions.get(t.cluster)!.satIds)));
      // Throws before it changes anything when a column or the satellite count is wrong.
      view.ingest(t, state.core.policy.sunAhead);
    },
    decide: (state, tick) => state.core.decide({ tick: tick.tick, dtS: tick.tick === 0 ? 0 : tick.dtMs / 1000 }, state.views),
    snapshot: (state) => ({ core: state.core.snapshot(), views: [...state.views.values()].map((v) => v.snapshot()) }),
    restore: (snap, current, { definitions }) => {
      // Views first: a snapshot that does not fit the run's clusters changes nothing.
      const views = new Map(snap.views.map((v) => [v.cluster, ClusterView.fromSnapshot(v, definedSatIds(definitions, v.cluster))]));
      current.core.restore(snap.core);
      return { core: current.core, views };
    },
    // Accepted after the checkpoint, perhaps by a process that died since: admitted again.
    afterRestore: async (state) => await submissions?.()?.replayAfter(state.core.submissionSeq, (seq, jobs) => state.core.replaySubmission(seq, jobs)),
  };
}

/** A snapshot keeps no satellite ids (at 100 x 1,000 they were 27 % of its bytes): they come from the definitions. */
function definedSatIds(definitions: ClusterDefinitions | undefined, cluster: string): readonly string[] {
  const ids = definitions?.get(cluster)?.satIds;
  if (!ids) throw new OrbitwinError(ErrorCodes.corruptCheckpoint, `scheduler snapshot names cluster ${cluster}, which the run does not define`);
  return ids;
}
