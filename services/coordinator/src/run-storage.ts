/**
 * Byte and age limits on the state stores of a run (docs/OPERATIONS.md, "Storage limits"). The
 * coordinator sets the buckets' once they exist: other processes open the same buckets without
 * limits, and an existing bucket is opened as it is; the command log gets its own when opened. The state stores keep what they acknowledged
 * (discard new): a full one refuses the next write, naming itself, and drops nothing. The history
 * streams, which drop their oldest records, are made with their limits by the coordinator itself.
 */
import { ErrorCodes, OrbitwinError, buckets, checkpointsMaxBytes, clustersMaxBytes, streams, subjects, type StorageConfig } from "@orbitwin/protocol";
import type { Bus, StreamOptions } from "@orbitwin/runtime";

/** Enough for any run's operator commands; the log must reach back to the oldest kept checkpoint. */
const MAX_OPERATIONS = 1_000_000;

/** The command log: bounded in records, bytes and age, and refusing a command rather than dropping one it acknowledged. */
export function operationsStreamOptions(run: string, storage: StorageConfig): StreamOptions {
  return {
    subjects: [subjects.allOperations(run)],
    maxMessages: MAX_OPERATIONS,
    maxBytes: storage.operationsMaxBytes,
    maxAgeMs: storage.stateMaxAgeMs,
    discard: "new",
  };
}

export interface RunStorageOptions {
  storage: StorageConfig;
  satellites: number;
  checkpointKeep: number;
  /** bytes of the cluster definitions as stored */
  definitionBytes: number;
}

/** The byte limit of each state store of the run, by name. */
export type RunStorageLimits = Record<string, number>;

export async function boundRunStorage(bus: Bus, run: string, options: RunStorageOptions): Promise<RunStorageLimits> {
  const { storage } = options;
  const maxAgeMs = storage.stateMaxAgeMs;
  const limits: RunStorageLimits = {
    [streams.operations(run)]: storage.operationsMaxBytes,
    [buckets.operationResults(run)]: storage.operationResultsMaxBytes,
    [buckets.registry(run)]: storage.registryMaxBytes,
    [buckets.clusters(run)]: clustersMaxBytes(storage, options.definitionBytes),
    [buckets.checkpoints(run)]: checkpointsMaxBytes(storage, options.satellites, options.checkpointKeep),
  };
  const setBy: Record<string, string> = {
    [buckets.operationResults(run)]: "storage.operationResultsMaxBytes",
    [buckets.registry(run)]: "storage.registryMaxBytes",
    [buckets.clusters(run)]: "storage.clustersMaxBytes (default twice the cluster definitions)",
    [buckets.checkpoints(run)]:
      `storage.checkpointsMaxBytes (default checkpoint.keep + 2 checkpoints, here ${options.checkpointKeep} + 2, of 2 KiB a satellite)`,
  };
  for (const bucket of Object.keys(setBy)) {
    try {
      await bus.kv(bucket, { maxBytes: limits[bucket]!, maxAgeMs });
    } catch (err) {
      if (!(err instanceof OrbitwinError && err.code === ErrorCodes.invalidConfig)) throw err;
      throw new OrbitwinError(ErrorCodes.invalidConfig, `${err.message}; the scenario sets it with ${setBy[bucket]}`);
    }
  }
  return limits;
}
