/**
 * The `storage:` section of a scenario: byte and age limits of the run's state in JetStream (the
 * command log, command outcomes, registry, cluster definitions and checkpoints). The history
 * streams have their own section, `history:`. Every store of a run is bounded; the state stores
 * refuse new writes when full (discard new) rather than drop what was acknowledged, so a full
 * store is a clear refusal, never a silent loss. docs/OPERATIONS.md has the table.
 */
import { Type, type Static } from "@sinclair/typebox";
import { DurationField } from "./scenario-debris.js";

const Bytes = (what: string, fallback: string) => Type.Integer({ minimum: 64 * 1024, description: `${what}, bytes; default ${fallback}` });

export const StorageSchema = Type.Object(
  {
    stateMaxAge: Type.Optional(DurationField),
    operationsMaxBytes: Type.Optional(Bytes("the command log (stream ot-<run>-ops)", "32 MiB")),
    operationResultsMaxBytes: Type.Optional(Bytes("command outcomes (bucket ot-<run>-op-results)", "32 MiB")),
    registryMaxBytes: Type.Optional(Bytes("the run registry (bucket ot-<run>-registry)", "1 MiB")),
    clustersMaxBytes: Type.Optional(Bytes("cluster definitions (bucket ot-<run>-clusters)", "twice the definitions, at least 4 MiB")),
    checkpointsMaxBytes: Type.Optional(Bytes("checkpoints (bucket ot-<run>-checkpoints)", "(keep + 2) x 2 KiB a satellite, at least 128 MiB")),
  },
  { additionalProperties: false },
);
export type StorageChoice = Static<typeof StorageSchema>;

/** Resolved limits of a run's state stores; `undefined` byte limits are sized by the coordinator from the fleet. */
export interface StorageConfig {
  /** every state store drops entries not written for this long (wall time), ms: the longest a run may last or stay resumable */
  readonly stateMaxAgeMs: number;
  readonly operationsMaxBytes: number;
  readonly operationResultsMaxBytes: number;
  readonly registryMaxBytes: number;
  readonly clustersMaxBytes: number | undefined;
  readonly checkpointsMaxBytes: number | undefined;
}

export const DEFAULT_STORAGE: StorageConfig = Object.freeze({
  stateMaxAgeMs: 90 * 86_400_000,
  operationsMaxBytes: 32 * 2 ** 20,
  operationResultsMaxBytes: 32 * 2 ** 20,
  registryMaxBytes: 2 ** 20,
  clustersMaxBytes: undefined,
  checkpointsMaxBytes: undefined,
});

/** The scenario's `storage:` over the defaults; `toMs` parses a duration, naming the field when it cannot. */
export function resolveStorage(choice: StorageChoice | undefined, toMs: (value: number | string, field: string) => number): StorageConfig {
  return Object.freeze({
    stateMaxAgeMs: choice?.stateMaxAge === undefined ? DEFAULT_STORAGE.stateMaxAgeMs : toMs(choice.stateMaxAge, "/storage/stateMaxAge"),
    operationsMaxBytes: choice?.operationsMaxBytes ?? DEFAULT_STORAGE.operationsMaxBytes,
    operationResultsMaxBytes: choice?.operationResultsMaxBytes ?? DEFAULT_STORAGE.operationResultsMaxBytes,
    registryMaxBytes: choice?.registryMaxBytes ?? DEFAULT_STORAGE.registryMaxBytes,
    clustersMaxBytes: choice?.clustersMaxBytes,
    checkpointsMaxBytes: choice?.checkpointsMaxBytes,
  });
}

/** Checkpoint bytes budgeted per satellite (every service's share included); measured in docs/OPERATIONS.md. */
export const CHECKPOINT_BYTES_PER_SATELLITE = 2048;
const MIN_CHECKPOINTS_BYTES = 128 * 2 ** 20;
const MIN_CLUSTERS_BYTES = 4 * 2 ** 20;

/** The checkpoint bucket's limit: the kept checkpoints, the one being written and one more, or the scenario's. */
export function checkpointsMaxBytes(storage: StorageConfig, satellites: number, keep: number): number {
  return storage.checkpointsMaxBytes ?? Math.max(MIN_CHECKPOINTS_BYTES, (keep + 2) * satellites * CHECKPOINT_BYTES_PER_SATELLITE);
}

/** The cluster definitions bucket's limit: room to write every definition again, or the scenario's. */
export function clustersMaxBytes(storage: StorageConfig, definitionBytes: number): number {
  return storage.clustersMaxBytes ?? Math.max(MIN_CLUSTERS_BYTES, 2 * definitionBytes);
}
