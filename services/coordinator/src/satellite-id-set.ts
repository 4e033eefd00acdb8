/**
 * The satellite ids of a run, for checking the ones an operator or the scenario names. A million
 * ids as strings in a Set held about 120 B of heap each (the strings, their entries); here they
 * are bytes side by side in one buffer behind an open-addressing hash table (linear probing, load
 * at most 1/2): about 30 B each. Ids are tokens (lower-case ASCII, as the protocol requires), so
 * a byte per character holds them exactly.
 */
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

const EMPTY = -1;

export class SatelliteIdSet {
  /** every id's characters, one after another */
  #bytes = new Uint8Array(1 << 16);
  #usedBytes = 0;
  /** where id i starts in #bytes; it ends where id i + 1 starts */
  #starts = new Uint32Array(1 << 10);
  #size = 0;
  /** id index per slot, EMPTY where none */
  #table = new Int32Array(1 << 11).fill(EMPTY);

  get size(): number {
    return this.#size;
  }

  add(id: string): void {
    if (this.has(id)) return;
    for (let i = 0; i < id.length; i++)
      if (id.charCodeAt(i) > 0x7f) throw new OrbitwinError(ErrorCodes.invalidToken, `satellite id ${JSON.stringify(id)}: ids are lower-case ASCII tokens`);
    if (this.#usedBytes + id.length > this.#bytes.length) this.#bytes = grown(this.#bytes, this.#usedBytes + id.length);
    for (let i = 0; i < id.length; i++) this.#bytes[this.#usedBytes + i] = id.charCodeAt(i);
    if (this.#size + 2 > this.#starts.length) this.#starts = grown(this.#starts, this.#size + 2);
    this.#starts[this.#size] = this.#usedBytes;
    this.#usedBytes += id.length;
    this.#starts[this.#size + 1] = this.#usedBytes;
    this.#size++;
    if (this.#size * 2 > this.#table.length) this.#rehash(this.#table.length * 2);
    else this.#place(this.#size - 1);
  }

  has(id: string): boolean {
    const mask = this.#table.length - 1;
    for (let slot = hashOf(id) & mask; ; slot = (slot + 1) & mask) {
      const index = this.#table[slot]!;
      if (index === EMPTY) return false;
      if (this.#idEquals(index, id)) return true;
    }
  }

  #idEquals(index: number, id: string): boolean {
    const start = this.#starts[index]!;
    if (this.#starts[index + 1]! - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.#bytes[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  #place(index: number): void {
    const mask = this.#table.length - 1;
    let slot = hashOfStored(this.#bytes, this.#starts[index]!, this.#starts[index + 1]!) & mask;
    while (this.#table[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.#table[slot] = index;
  }

  #rehash(slots: number): void {
    this.#table = new Int32Array(slots).fill(EMPTY);
    for (let i = 0; i < this.#size; i++) this.#place(i);
  }
}

/** A copy of `array` with room for at least `needed` elements (doubling, so adding stays linear). */
function grown<T extends Uint8Array | Uint32Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const out = new (array.constructor as new (length: number) => T)(length);
  out.set(array);
  return out;
}

/** FNV-1a, 32 bits, over the characters (bytes, for a stored id): the same value for an id either way. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashOfStored(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
