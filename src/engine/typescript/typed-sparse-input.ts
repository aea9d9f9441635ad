/**
 * The exact sparse first layer in TypeScript (any precision), for weights stored Wt [I×O]:
 *   load            the nonzeros of X[B×I] as row lists (CSR): ptr[B+1], index[nnz], value[nnz]
 *   forward         Z[b,:] = bias + Σ_{k: X[b,k] ≠ 0} X[b,k]·Wt[k,:]   (then ReLU, when fused)
 *   weightGradient  dWt[k,:] = Σ_{b: X[b,k] ≠ 0} X[b,k]·dZ[b,:]
 * Zero inputs contribute nothing, so the sums equal the dense products (in another order).
 */
import type { Float } from "../../core/types.js";
import type { SparseInputPath } from "../dense-layers.js";

export class TypedSparseInput implements SparseInputPath {
  private rows = 0;
  private readonly ptr: Int32Array;
  private readonly index: Int32Array;
  private readonly value: Float64Array;

  constructor(
    readonly maxRows: number,
    readonly cols: number,
  ) {
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
      const out = r * N,
        first = ptr[r]!,
        end = ptr[r + 1]!;
      // eight outputs held in locals while the row's nonzeros are walked (no store per multiply-add)
      let o = 0;
      for (; o + 8 <= N; o += 8) {
        let s0 = bias[o]!,
          s1 = bias[o + 1]!,
          s2 = bias[o + 2]!,
          s3 = bias[o + 3]!;
        let s4 = bias[o + 4]!,
          s5 = bias[o + 5]!,
          s6 = bias[o + 6]!,
          s7 = bias[o + 7]!;
        for (let p = first; p < end; p++) {
          const v = value[p]!,
            q = index[p]! * N + o;
          s0 += v * wt[q]!;
          s1 += v * wt[q + 1]!;
          s2 += v * wt[q + 2]!;
          s3 += v * wt[q + 3]!;
          s4 += v * wt[q + 4]!;
          s5 += v * wt[q + 5]!;
          s6 += v * wt[q + 6]!;
          s7 += v * wt[q + 7]!;
        }
        z[out + o] = s0;
        z[out + o + 1] = s1;
        z[out + o + 2] = s2;
        z[out + o + 3] = s3;
        z[out + o + 4] = s4;
        z[out + o + 5] = s5;
        z[out + o + 6] = s6;
        z[out + o + 7] = s7;
      }
      for (; o < N; o++) {
        let s = bias[o]!;
        for (let p = first; p < end; p++) s += value[p]! * wt[index[p]! * N + o]!;
        z[out + o] = s;
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
        const v = value[p]!,
          row = index[p]! * N;
        for (let o = 0; o < N; o++) dWt[row + o] = dWt[row + o]! + v * dZ[d + o]!;
      }
    }
  }
}
