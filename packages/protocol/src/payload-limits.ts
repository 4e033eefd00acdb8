/**
 * Largest payload accepted on each subject family, bytes, checked before a byte is decoded: a
 * small payload decodes in well under a millisecond, while a megabyte of empty maps blocks a
 * process for 0.3-0.5 s (measured; a coordinator lost its lease to that). Requests, commands and
 * control are small; telemetry is sized for a cluster's batch. A message's own descriptor may
 * set less (`maxBytes`); the smaller limit applies.
 */
import { DEFAULT_MAX_MESSAGE_BYTES } from "./codec.js";
import { SUBJECT_ROOT, type Families } from "./subjects.js";

const KiB = 1024;
const MiB = 1024 * KiB;

export const PAYLOAD_LIMIT_BYTES: { readonly [F in keyof typeof Families]: number } = Object.freeze({
  /** clock.tick carries the faults and failed burns of a tick (its descriptor: 4 MiB) */
  clock: 4 * MiB,
  /** heartbeats and assignments name a host's clusters (up to 100,000 ids) */
  host: 2 * MiB,
  /** a cluster's batch: up to 20,000 satellites' columns */
  tlm: 8 * MiB,
  sample: 8 * MiB,
  fleet: 1 * MiB,
  watch: 64 * KiB,
  evt: 1 * MiB,
  /** a cluster's satellite commands: up to 20,000 */
  cmd: 2 * MiB,
  ctl: 64 * KiB,
  /** about 20,000 satellite ids */
  inject: 256 * KiB,
  op: 1 * MiB,
  /** queries, and job submissions of up to 1,000 jobs */
  svc: 256 * KiB,
  /** stored job submissions (read from the stream, never from a subscription) */
  jobs: 1 * MiB,
  /** a study's variant carries its whole scenario file (a generated shell is a few KiB; a TLE catalog more) */
  study: 4 * MiB,
});

/** The smallest family limit, bytes: a payload no larger is within every family's. */
export const SMALLEST_PAYLOAD_LIMIT_BYTES = Math.min(...Object.values(PAYLOAD_LIMIT_BYTES));

/** The family of an orbitwin subject (`ot.<run>.<family>...`), or undefined for another subject. */
export function subjectFamily(subject: string): keyof typeof Families | undefined {
  const parts = subject.split(".", 3);
  if (parts[0] !== SUBJECT_ROOT || parts.length < 3) return undefined;
  return Object.hasOwn(PAYLOAD_LIMIT_BYTES, parts[2]!) ? (parts[2] as keyof typeof Families) : undefined;
}

/** Largest payload accepted on `subject`, bytes (the codec's 8 MiB for a subject outside the families). */
export function payloadLimitBytes(subject: string): number {
  const family = subjectFamily(subject);
  return family === undefined ? DEFAULT_MAX_MESSAGE_BYTES : PAYLOAD_LIMIT_BYTES[family];
}
