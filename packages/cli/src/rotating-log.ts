/**
 * A log file of bounded size for the services `up` and `run` start: past `maxBytes` the file
 * becomes `<file>.1` (`.1` becomes `.2`, ...; the oldest beyond `keep` is dropped) and a new one
 * starts, so a long run's logs take about (keep + 1) x maxBytes. A file is cut at a line end (the
 * first chunk that reaches the limit ends the file at its last newline): a JSON line stays whole.
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/** @default 16 MiB: days of a service's lifecycle and warning lines */
export const DEFAULT_LOG_MAX_BYTES = 16 * 2 ** 20;
/** @default 3 rotated files beside the live one */
export const DEFAULT_LOG_KEEP = 3;

const NEWLINE = 0x0a;

export interface RotatingLogOptions {
  /** rotate before a write would take the file past this, bytes */
  maxBytes?: number;
  /** rotated files kept (`.1` newest) */
  keep?: number;
}

export class RotatingLog {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #fd: number | undefined;
  #bytes: number;

  constructor(path: string, options: RotatingLogOptions = {}) {
    this.path = path;
    this.#maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.#keep = options.keep ?? DEFAULT_LOG_KEEP;
    // Appends: a service started again under the same name goes on in the same file.
    this.#fd = openSync(path, "a");
    this.#bytes = fstatSync(this.#fd).size;
  }

  /** Writes what a child wrote (chunks of a pipe, not lines): a file is cut only after a newline. */
  write(chunk: Uint8Array): void {
    if (this.#fd === undefined) return;
    const cut = this.#bytes + chunk.byteLength > this.#maxBytes ? chunk.lastIndexOf(NEWLINE) : -1;
    if (cut < 0) return this.#append(chunk);
    this.#append(chunk.subarray(0, cut + 1));
    this.#rotate();
    this.#append(chunk.subarray(cut + 1));
  }

  #append(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    writeSync(this.#fd!, bytes);
    this.#bytes += bytes.byteLength;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #rotate(): void {
    closeSync(this.#fd!);
    rmSync(`${this.path}.${this.#keep}`, { force: true });
    for (let i = this.#keep - 1; i >= 1; i--) if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    if (this.#keep > 0) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.#fd = openSync(this.path, "a");
    this.#bytes = 0;
  }
}
