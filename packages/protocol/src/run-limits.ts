/**
 * Admission limits of a run (the scenario's `limits:` section): how much work the coordinator and
 * the scheduler take in before they refuse more. Every default matches what the services can take:
 * a clock tick carries at most MAX_TICK_FAULTS faults starting and as many ending (its schema), so
 * no run can be handed a tick its participants would refuse. An excess is refused at admission
 * with ORBITWIN_LIMIT_EXCEEDED naming the limit, and never enters the run.
 */
import { Type, type Static } from "@sinclair/typebox";
import { ErrorCodes, OrbitwinError } from "./errors.js";

/** Faults one clock tick carries, starting (and ending): `clock.tick`'s array limit. */
export const MAX_TICK_FAULTS = 1000;
/**
 * Encoded bytes of the faults starting on one tick: half of `clock.tick`'s 4 MiB, the rest for
 * failed burns and the tick itself. Not a setting: it protects the clock protocol.
 */
export const MAX_TICK_FAULT_BYTES = 2 * 1024 * 1024;
/** Jobs in one `svc.scheduler.submit` by its schema; the setting may only lower it. */
export const MAX_JOBS_PER_SUBMIT = 10_000;
/** Queued jobs a scheduler may be set to hold: each is placed (tried) every tick. */
export const MAX_JOBS_QUEUED = 100_000;

export const RunLimitsSchema = Type.Object(
  {
    faultsPerTick: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TICK_FAULTS, description: "faults that may start on one tick; default 100" })),
    faultsInFlight: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TICK_FAULTS,
        description: "faults scheduled or active with an end still ahead, at once; default 1000 (all of them may end on one tick)",
      }),
    ),
    jobsQueued: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_JOBS_QUEUED, description: "jobs waiting for placement (submitted, not yet running); default 10000" }),
    ),
    jobsPerSubmit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_JOBS_PER_SUBMIT, description: "jobs in one submission; default 1000" })),
  },
  { additionalProperties: false },
);
export type RunLimitsChoice = Static<typeof RunLimitsSchema>;

export interface RunLimits {
  readonly faultsPerTick: number;
  readonly faultsInFlight: number;
  readonly jobsQueued: number;
  readonly jobsPerSubmit: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = Object.freeze({
  faultsPerTick: 100,
  faultsInFlight: 1000,
  jobsQueued: 10_000,
  jobsPerSubmit: 1000,
});

/** The scenario's `limits:` over the defaults. */
export function resolveRunLimits(choice: RunLimitsChoice | undefined): RunLimits {
  return Object.freeze({ ...DEFAULT_RUN_LIMITS, ...(choice ?? {}) });
}

/** The refusal of a request over limit `name` (its value `limit`); `detail` says what was asked. */
export function limitExceeded(name: keyof RunLimits | "faultBytesPerTick", limit: number, detail: string): OrbitwinError {
  const where = name === "faultBytesPerTick" ? "fixed by the clock protocol" : `set limits.${name} in the scenario`;
  return new OrbitwinError(ErrorCodes.limitExceeded, `${detail}: over the limit ${name} = ${limit} (${where})`);
}
