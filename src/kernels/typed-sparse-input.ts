/**
 * The exact sparse first layer in TypeScript (any precision), for weights stored Wt [I×O]:
 *   load            the nonzeros of X[B×I] as row lists (CSR): ptr[B+1], index[nnz], value[nnz]
 *   forward         Z[b,:] = bias + Σ_{k: X[b,k] ≠ 0} X[b,k]·Wt[k,:]   (then ReLU, when fused)
 *   weightGradient  dWt[k,:] = Σ_{b: X[b,k] ≠ 0} X[b,k]·dZ[b,:]
 * Zero inputs contribute nothing, so the sums equal the dense products (in another order).
 */
import type { Float } from "../grad/gradient-method.js";
import type { SparseInputPath } from "./engine.js";

export class TypedSparseInput implements SparseInputPath {
  private rows = 0;
  private readonly ptr: Int32Array;
  private readonly index: Int32Array;
  private readonly value: Float64Array;

  constructor(readonly maxRows: number, readonly cols: number) {
    this.ptr = new Int32Array(maxRows + 1);
    this.index = new Int32Array(maxRows * cols);
    this.value = new Float64Array(maxRows * cols);
  }

  load(rows: number, x: Float): number {
    if (rows > this.maxRows) throw new RangeError(`sparse load: ${rows} rows, capacity ${this.maxRows}`);
    const { ptr, index, value, cols } = this;
    let p = 0;
    for (let r = 0; r < rows; r++) {
      ptr[r] = p;
      const base = r * cols;
      for (let k = 0; k < cols; k++) {
        const v = x[base + k]!;
        if (v !== 0) {
          index[p] = k;
          value[p] = v;
          p++;
        }
      }
    }
    ptr[rows] = p;
    this.rows = rows;
    return p;
  }

  forward(N: number, wt: Float, bias: Float, z: Float, relu: boolean): void {
    const { ptr, index, value } = this;
    for (let r = 0; r < this.rows; r++) {
      const out = r * N;
      for (let o = 0; o < N; o++) z[out + o] = bias[o]!;
      for (let p = ptr[r]!, end = ptr[r + 1]!; p < end; p++) {
        const v = value[p]!, row = index[p]! * N;
        for (let o = 0; o < N; o++) z[out + o] = z[out + o]! + v * wt[row + o]!;
      }
      if (relu) for (let o = 0; o < N; o++) z[out + o] = Math.max(0, z[out + o]!);
    }
  }

  weightGradient(N: number, dZ: Float, dWt: Float): void {
    const { ptr, index, value } = this;
    dWt.fill(0, 0, this.cols * N);
    for (let r = 0; r < this.rows; r++) {
      const d = r * N;
      for (let p = ptr[r]!, end = ptr[r + 1]!; p < end; p++) {
        const v = value[p]!, row = index[p]! * N;
        for (let o = 0; o < N; o++) dWt[row + o] = dWt[row + o]! + v * dZ[d + o]!;
      }
    }
  }
}
