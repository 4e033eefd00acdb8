/**
 * Scratch memory for a telemetry batch's columns. A batch is encoded (its bytes copied out) before
 * the next one is built, so one set of columns per thread serves every cluster of a host; making
 * them afresh cost a typed array per column per cluster per tick, each past 64 bytes with a
 * backing store of its own for the garbage collector to free.
 */
export class ColumnScratch {
  readonly #float32: Float32Array[] = [];
  readonly #float64: Float64Array[] = [];
  #nextFloat32 = 0;
  #nextFloat64 = 0;

  /** Starts a batch: every column handed out before may be overwritten from here on. */
  begin(): void {
    this.#nextFloat32 = 0;
    this.#nextFloat64 = 0;
  }

  /** A float32 column of `count` values (their contents are whatever the last batch left). */
  float32(count: number): Float32Array {
    const i = this.#nextFloat32++;
    let column = this.#float32[i];
    if (!column || column.length < count) this.#float32[i] = column = new Float32Array(count);
    return column.length === count ? column : column.subarray(0, count);
  }

  /** A float64 column of `count` values (their contents are whatever the last batch left). */
  float64(count: number): Float64Array {
    const i = this.#nextFloat64++;
    let column = this.#float64[i];
    if (!column || column.length < count) this.#float64[i] = column = new Float64Array(count);
    return column.length === count ? column : column.subarray(0, count);
  }
}
