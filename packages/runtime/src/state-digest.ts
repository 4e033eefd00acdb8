/**
 * A 64-bit digest of simulation state, as 16 hex characters. Two independent 32-bit lanes of a
 * murmur3-style mix (Appleby, MurmurHash3 fmix32) over the raw bytes of typed-array columns: the
 * same bytes give the same digest on every host, so equal digests mean bit-identical state.
 * Not cryptographic: it detects divergence, it does not resist forgery.
 */
export class StateDigest {
  #a = 0x9e3779b9 | 0;
  #b = 0x85ebca6b | 0;
  #length = 0;

  /** Mixes in the bytes of a typed array (or bytes). */
  update(view: ArrayBufferView): this {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const wordCount = bytes.byteLength >>> 2;
    const words =
      bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, wordCount) : new Uint32Array(bytes.slice(0, wordCount * 4).buffer);
    let a = this.#a;
    let b = this.#b;
    for (let i = 0; i < wordCount; i++) {
      const w = words[i]!;
      a = Math.imul(rotl(Math.imul(w, 0xcc9e2d51), 15), 0x1b873593) ^ a;
      a = (Math.imul(rotl(a, 13), 5) + 0xe6546b64) | 0;
      b = Math.imul(rotl(Math.imul(w ^ 0x5bd1e995, 0x85ebca6b), 17), 0xc2b2ae35) ^ b;
      b = (Math.imul(rotl(b, 11), 9) + 0x27d4eb2f) | 0;
    }
    for (let i = wordCount * 4; i < bytes.byteLength; i++) {
      a = Math.imul(a ^ bytes[i]!, 0x01000193);
      b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
    }
    this.#a = a;
    this.#b = b;
    this.#length += bytes.byteLength;
    return this;
  }

  updateString(text: string): this {
    return this.update(new TextEncoder().encode(text));
  }

  hex(): string {
    const a = fmix32(this.#a ^ this.#length);
    const b = fmix32(this.#b ^ Math.imul(this.#length, 31));
    return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
  }
}

/** The run digest: per-cluster digests combined in cluster-id order. */
export function combineClusterDigests(digests: readonly { cluster: string; digest: string }[]): string {
  const sorted = [...digests].sort((x, y) => (x.cluster < y.cluster ? -1 : x.cluster > y.cluster ? 1 : 0));
  const d = new StateDigest();
  for (const { cluster, digest } of sorted) d.updateString(`${cluster}=${digest}\n`);
  return d.hex();
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

// V8 collects type feedback for a function only after its first calls, and a run digests its
// state only at its last tick, in arrays long enough that V8 compiles `update`'s loop while it
// runs (on-stack replacement). The code after that loop had then never run with feedback, and in
// some runs it deoptimized on every later call: 1,760-2,014 deopts at a 300,000-satellite run's
// last tick (`--trace-deopt`). Running every statement here first gives it the feedback.
for (let i = 0; i < 16; i++) new StateDigest().update(new Uint8Array(7)).update(new Uint8Array(12).subarray(1, 10)).hex();
