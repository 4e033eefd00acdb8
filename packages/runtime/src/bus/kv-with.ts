import type { KvStore } from "./bus.js";

/** A KvStore that does what `inner` does except for the methods given: for tests that slow, fail or watch one of them. */
export function kvWith(inner: KvStore, overrides: Partial<Omit<KvStore, "bucket">>): KvStore {
  return {
    bucket: inner.bucket,
    get: (key) => inner.get(key),
    put: (key, value) => inner.put(key, value),
    update: (key, value, revision) => inner.update(key, value, revision),
    delete: (key) => inner.delete(key),
    keys: (filter, options) => inner.keys(filter, options),
    deleteMatching: (filter) => inner.deleteMatching(filter),
    destroy: () => inner.destroy(),
    ...overrides,
  };
}
