/**
 * The soak's settings, from the environment (only the test file reads it), and its scenario:
 * a GPU shell at 1 Hz paced to real time, under thermal control and the job scheduler.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SoakConfig {
  /** wall minutes the soak runs @default 60 */
  minutes: number;
  /** growth is measured from this minute's sample on @default 10 */
  warmUpMinutes: number;
  /** satellites in the shell @default 100,000 */
  satellites: number;
  /** fleet host processes @default 2 */
  hosts: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw}: give a whole number from 1`);
  return value;
}

export function soakConfig(env: NodeJS.ProcessEnv): SoakConfig {
  const minutes = positiveInt(env, "ORBITWIN_SOAK_MINUTES", 60);
  const warmUpMinutes = positiveInt(env, "ORBITWIN_SOAK_WARMUP_MINUTES", Math.min(10, Math.max(1, minutes - 1)));
  if (warmUpMinutes >= minutes) throw new Error(`ORBITWIN_SOAK_WARMUP_MINUTES=${warmUpMinutes} must be below ORBITWIN_SOAK_MINUTES=${minutes}`);
  return {
    minutes,
    warmUpMinutes,
    satellites: positiveInt(env, "ORBITWIN_SOAK_SATELLITES", 100_000),
    hosts: positiveInt(env, "ORBITWIN_SOAK_HOSTS", 2),
  };
}

/** Writes the soak scenario (planes of up to 500 satellites, one cluster each) and returns its path. */
export function writeSoakScenario(config: SoakConfig): string {
  const satsPerPlane = Math.min(500, config.satellites);
  const planes = Math.ceil(config.satellites / satsPerPlane);
  const path = join(mkdtempSync(join(tmpdir(), "orbitwin-soak-")), "soak.yaml");
  writeFileSync(
    path,
    [
      "name: soak",
      "epoch: 2026-05-13T00:00:00Z",
      "dt: 1s",
      // Longer than the soak: the run must still be going when the last sample is taken.
      `duration: ${config.minutes + 10}m`,
      "seed: 16",
      "speed: 1",
      "clusterSize: 500",
      "bus: { preset: starlink-v2-mini-gpu }",
      "scheduler: { policy: energy-aware }",
      "constellations:",
      `  - { kind: walker, name: shell, planes: ${planes}, satsPerPlane: ${satsPerPlane}, phasing: 1, altKm: 550, inclinationDeg: 53 }`,
      "",
    ].join("\n"),
  );
  return path;
}
