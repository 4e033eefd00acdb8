/**
 * The fleet kernel's WebAssembly module (assembly/sgp4-kernel.ts) and the memory it works in.
 * One instance per process, compiled on first use; Sgp4Batch keeps its tables in the instance's
 * memory (WasmRegion) so a step passes addresses, not copies. Memory grows but never shrinks:
 * a freed region (a batch collected, a table outgrown) goes back to a free list and is reused.
 */
import { readFileSync } from "node:fs";
import { BadModelInputError } from "./errors.js";

/** The little of the WebAssembly API used here (this package's type libraries lack it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  step(
    records: number,
    recordOf: number,
    slots: number,
    count: number,
    timeMin: number,
    cosGmst: number,
    sinGmst: number,
    sunX: number,
    sunY: number,
    sunZ: number,
    pos: number,
    vel: number,
    lat: number,
    lon: number,
    alt: number,
    sunlit: number,
    errorCode: number,
  ): number;
  propagate(
    records: number,
    recordOf: number,
    slots: number,
    count: number,
    timeMin: number,
    sameTsinceMin: number,
    same: number,
    pos: number,
    vel: number,
    errorCode: number,
  ): number;
  propagateOne(records: number, recordOf: number, slots: number, slot: number, timeMin: number, pos: number, vel: number, at: number): number;
}

const PAGE_BYTES = 65_536;
/** A 32-bit WebAssembly memory's largest size: 65,536 pages. */
const MAX_MEMORY_BYTES = 65_536 * PAGE_BYTES;
const ALIGN = 16;

let kernel: KernelExports | undefined;
/** Free blocks, sorted by address: [start, bytes, start, bytes, ...]. */
const free: number[] = [];
let top = 0;
/** Bumped whenever the memory grows, which empties every view taken before. */
let generation = 0;

/** The kernel's exports, the module compiled and instantiated on the first call. */
export function sgp4Kernel(): KernelExports {
  if (!kernel) {
    const bytes = readFileSync(new URL("../dist/sgp4-kernel.wasm", import.meta.url));
    kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as KernelExports;
    top = Math.ceil(kernel.heapBase() / ALIGN) * ALIGN;
  }
  return kernel;
}

/** The kernel's memory now: views taken on an older buffer are empty after it grew. */
export function kernelBuffer(): ArrayBuffer {
  return sgp4Kernel().memory.buffer;
}

/** Changes exactly when views on the kernel's memory must be taken again. */
export function kernelMemoryGeneration(): number {
  return generation;
}

/** `bytes` of the kernel's memory, first fit from the free list, else from the top (growing). */
export function allocate(bytes: number): number {
  const k = sgp4Kernel();
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  for (let i = 0; i < free.length; i += 2) {
    if (free[i + 1]! < size) continue;
    const start = free[i]!;
    if (free[i + 1] === size) free.splice(i, 2);
    else {
      free[i] = start + size;
      free[i + 1] = free[i + 1]! - size;
    }
    return start;
  }
  const start = top;
  const short = start + size - k.memory.buffer.byteLength;
  if (short > 0) {
    if (start + size > MAX_MEMORY_BYTES)
      throw new BadModelInputError(
        `the fleet kernel's memory cannot hold ${size} bytes more: ${start} are taken and WebAssembly's limit is ${MAX_MEMORY_BYTES} (4 GiB); propagate fewer satellites in one process`,
      );
    k.memory.grow(Math.ceil(short / PAGE_BYTES));
    generation++;
  }
  top = start + size;
  return start;
}

/** Returns a block from allocate, merged with free neighbours (and the top). */
export function release(start: number, bytes: number): void {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  let i = 0;
  while (i < free.length && free[i]! < start) i += 2;
  free.splice(i, 0, start, size);
  if (i + 2 < free.length && free[i]! + free[i + 1]! === free[i + 2]) {
    free[i + 1] = free[i + 1]! + free[i + 3]!;
    free.splice(i + 2, 2);
  }
  if (i >= 2 && free[i - 2]! + free[i - 1]! === free[i]) {
    free[i - 1] = free[i - 1]! + free[i + 1]!;
    free.splice(i, 2);
    i -= 2;
  }
  if (free[i]! + free[i + 1]! === top) {
    top = free[i]!;
    free.splice(i, 2);
  }
}

/** Bytes of kernel memory in use and held free (for tests and the memory budget). */
export function kernelMemoryStats(): { usedBytes: number; freeBytes: number; memoryBytes: number } {
  let freeBytes = 0;
  for (let i = 1; i < free.length; i += 2) freeBytes += free[i]!;
  const base = kernel ? Math.ceil(kernel.heapBase() / ALIGN) * ALIGN : 0;
  return { usedBytes: top - base - freeBytes, freeBytes, memoryBytes: kernel ? kernel.memory.buffer.byteLength : 0 };
}
