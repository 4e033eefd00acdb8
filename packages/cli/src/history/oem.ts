/**
 * CCSDS Orbit Ephemeris Message, KVN text, version 2.0 (CCSDS 502.0-B-2, "Orbit Data Messages",
 * section 5): a header, then per satellite a metadata block and its data lines
 * `epoch X Y Z X_DOT Y_DOT Z_DOT` in km and km/s. States are SGP4's, so the frame is TEME and
 * the center the Earth. Pure: tracks in, text out.
 */
import type { SatelliteTrack } from "./tracks.js";

export interface OemOptions {
  /** CREATION_DATE, ms since 1970 UTC (injected: no wall clock in a pure module) */
  creationDateMs: number;
  /** @default "ORBITWIN" */
  originator?: string;
  /** A COMMENT line in the header, e.g. the run and scenario. */
  comment?: string;
}

/** CCSDS epoch format: YYYY-MM-DDThh:mm:ss.sss, UTC, no zone letter. */
export function ccsdsEpoch(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "");
}

/** Fixed-point with enough digits for mm and mm/s, as OEM producers usually write. */
const km = (x: number) => x.toFixed(6);
const kmS = (x: number) => x.toFixed(9);

export function formatOem(tracks: readonly SatelliteTrack[], options: OemOptions): string {
  const lines = ["CCSDS_OEM_VERS = 2.0"];
  if (options.comment) lines.push(`COMMENT ${options.comment.replace(/[\r\n]+/g, " ")}`);
  lines.push(`CREATION_DATE = ${ccsdsEpoch(options.creationDateMs)}`, `ORIGINATOR = ${options.originator ?? "ORBITWIN"}`);
  for (const track of tracks) {
    if (track.samples.length === 0) continue;
    lines.push(
      "",
      "META_START",
      `OBJECT_NAME = ${track.sat}`,
      `OBJECT_ID = ${track.sat}`,
      "CENTER_NAME = EARTH",
      "REF_FRAME = TEME",
      "TIME_SYSTEM = UTC",
      `START_TIME = ${ccsdsEpoch(track.samples[0]!.simTimeMs)}`,
      `STOP_TIME = ${ccsdsEpoch(track.samples.at(-1)!.simTimeMs)}`,
      "META_STOP",
      "",
    );
    for (const s of track.samples) {
      lines.push(
        `${ccsdsEpoch(s.simTimeMs)} ${km(s.posKm[0])} ${km(s.posKm[1])} ${km(s.posKm[2])} ${kmS(s.velKmS[0])} ${kmS(s.velKmS[1])} ${kmS(s.velKmS[2])}`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
