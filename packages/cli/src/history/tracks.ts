/**
 * Satellite trajectories out of sampled cluster telemetry: the TEME states of chosen satellites,
 * one per sampled tick, in time order. Pure: batches in, tracks out.
 */
import { SatStatus, binToUint8, telemetryVectors, type ClusterTelemetry } from "@orbitwin/protocol";

export interface StateSample {
  /** ms since 1970 UTC */
  readonly simTimeMs: number;
  /** TEME position x, y, z, km */
  readonly posKm: readonly [number, number, number];
  /** TEME velocity x, y, z, km/s */
  readonly velKmS: readonly [number, number, number];
}

export interface SatelliteTrack {
  readonly sat: string;
  readonly cluster: string;
  readonly samples: StateSample[];
}

/**
 * Collects the tracks of `sats` (every satellite when undefined), in the order the batches
 * come, naming each slot by `satIds` of its cluster (the definitions' order; a batch of a
 * cluster not in it is left out). States SGP4 could not give (status not ok: NaN) are left out, as an ephemeris cannot
 * hold them; a repeated tick (a rerun after a host loss) keeps its first state.
 */
export function collectTracks(
  batches: Iterable<ClusterTelemetry>,
  satIds: ReadonlyMap<string, readonly string[]>,
  sats?: ReadonlySet<string>,
): Map<string, SatelliteTrack> {
  const tracks = new Map<string, SatelliteTrack>();
  for (const b of batches) {
    const ids = satIds.get(b.cluster);
    if (ids?.length !== b.count) continue;
    const pos = telemetryVectors(b, "posKm");
    const vel = telemetryVectors(b, "velKmS");
    const status = binToUint8(b.status, b.count, "status");
    for (let slot = 0; slot < b.count; slot++) {
      const sat = ids[slot]!;
      if (sats && !sats.has(sat)) continue;
      if (status[slot] !== SatStatus.ok) continue;
      let track = tracks.get(sat);
      if (!track) tracks.set(sat, (track = { sat, cluster: b.cluster, samples: [] }));
      const last = track.samples.at(-1);
      if (last && last.simTimeMs >= b.simTimeMs) continue;
      const i = 3 * slot;
      track.samples.push({ simTimeMs: b.simTimeMs, posKm: [pos[i]!, pos[i + 1]!, pos[i + 2]!], velKmS: [vel[i]!, vel[i + 1]!, vel[i + 2]!] });
    }
  }
  return tracks;
}
