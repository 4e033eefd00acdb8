/**
 * CZML for Cesium (https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/CZML-Guide): a
 * document packet with the clock, then one packet per satellite with its sampled positions.
 * SGP4 gives TEME; Cesium's INERTIAL frame is ICRF, which differs from TEME by precession and
 * nutation (tens of km today), so positions are rotated to the Earth-fixed frame by GMST (TEME
 * -> PEF, polar motion neglected: < 20 m) and written as FIXED, which Cesium draws as is.
 * Pure: tracks in, packets out.
 */
import { gmstRad } from "@orbitwin/physics";
import type { SatelliteTrack } from "./tracks.js";

export interface CzmlOptions {
  /** document name, e.g. the run id */
  name: string;
  /** Cesium clock speed, x real time. @default 60 */
  multiplier?: number;
}

export type CzmlPacket = Record<string, unknown> & { id: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** TEME position (km) at `timeMs` -> Earth-fixed (PEF) position, m. */
export function temeToFixedM(posKm: readonly [number, number, number], timeMs: number): [number, number, number] {
  const theta = gmstRad(timeMs);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return [(c * posKm[0] + s * posKm[1]) * 1000, (-s * posKm[0] + c * posKm[1]) * 1000, posKm[2] * 1000];
}

export function buildCzml(tracks: readonly SatelliteTrack[], options: CzmlOptions): CzmlPacket[] {
  const withSamples = tracks.filter((t) => t.samples.length > 0);
  if (withSamples.length === 0) return [{ id: "document", name: options.name, version: "1.0" }];
  const startMs = Math.min(...withSamples.map((t) => t.samples[0]!.simTimeMs));
  const stopMs = Math.max(...withSamples.map((t) => t.samples.at(-1)!.simTimeMs));
  const packets: CzmlPacket[] = [
    {
      id: "document",
      name: options.name,
      version: "1.0",
      clock: {
        interval: `${iso(startMs)}/${iso(stopMs)}`,
        currentTime: iso(startMs),
        multiplier: options.multiplier ?? 60,
        range: "LOOP_STOP",
        step: "SYSTEM_CLOCK_MULTIPLIER",
      },
    },
  ];
  for (const track of withSamples) {
    const epochMs = track.samples[0]!.simTimeMs;
    const cartesian: number[] = [];
    for (const s of track.samples) cartesian.push((s.simTimeMs - epochMs) / 1000, ...temeToFixedM(s.posKm, s.simTimeMs));
    packets.push({
      id: track.sat,
      name: track.sat,
      description: `cluster ${track.cluster}`,
      availability: `${iso(epochMs)}/${iso(track.samples.at(-1)!.simTimeMs)}`,
      position: {
        epoch: iso(epochMs),
        referenceFrame: "FIXED",
        // Lagrange of degree 5 follows an orbit closely at samples a few minutes apart.
        interpolationAlgorithm: "LAGRANGE",
        interpolationDegree: Math.min(5, track.samples.length - 1),
        cartesian,
      },
      point: { pixelSize: 4, color: { rgba: [255, 200, 0, 255] } },
    });
  }
  return packets;
}
