/**
 * The functions the generated module exports (generate-wat.ts), as TypeScript sees them.
 * Every pointer is a byte address into the engine's memory; 0 means "none" (bias); flags
 * (relu, beta) are 0 or 1. Shapes use the legend M×K · K×N → M×N, row-major.
 */
export interface KernelExports {
  /** out = relu?(A[M×K]·B[N×K]ᵀ + bias); scratch: room to pack panels of B */
  gemm_nt(
    M: number,
    N: number,
    K: number,
    a: number,
    b: number,
    bias: number,
    out: number,
    relu: number,
    scratch: number,
    scratchBytes: number,
  ): void;
  /** out = relu?(A[M×K]·B[K×N] + bias) */
  gemm_nn(M: number, N: number, K: number, a: number, b: number, bias: number, out: number, relu: number): void;
  /** out = β·out + A[K×M]ᵀ·B[K×N]; lda: A's row stride in floats (M, or more for columns of a wider A) */
  gemm_tn(M: number, N: number, K: number, a: number, lda: number, b: number, out: number, beta: number): void;
  /** out[N] = β·out + Σ_rows A[M×N] */
  col_sum(M: number, N: number, a: number, out: number, beta: number): void;
  /** w ← w − lr·g */
  sgd(n: number, w: number, g: number, lr: number): void;
  /**
   * sgd on the rows of runs i < count, each the i32 pair (first row, rows) at runs + 8i, of w and g [·×N]
   * (row r at byte 4·r·N), clipped to the rows from…to − 1
   */
  sgd_runs(count: number, N: number, w: number, g: number, runs: number, lr: number, from: number, to: number): void;
  /** v ← μ·v + g; w ← w − lr·v */
  sgd_momentum(n: number, w: number, g: number, v: number, lr: number, mu: number): void;
  /** g' = g + l2·w; m ← b1·m + c1·g'; v ← b2·v + c2·g'²; w ← shrink·w − step·m/(√v·ibc + eps); c = 1 − b */
  adam(
    n: number,
    w: number,
    g: number,
    m: number,
    v: number,
    step: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    ibc: number,
    eps: number,
    l2: number,
    shrink: number,
  ): void;
  /** g' = g + l2·w; s ← α·s + c·g'²; w ← w − lr·g'/(√s + eps); c = 1 − α */
  rmsprop(
    n: number,
    w: number,
    g: number,
    s: number,
    lr: number,
    alpha: number,
    c: number,
    eps: number,
    l2: number,
  ): void;
  /** g' = g + l2·w; s ← s + g'²; w ← w − lr·g'/(√s + eps) */
  adagrad(n: number, w: number, g: number, s: number, lr: number, eps: number, l2: number): void;
  /** dz = da where a > 0, else 0 */
  relu_backward(n: number, a: number, da: number, dz: number): void;
  /** dst[cols×rows] = src[rows×cols]ᵀ */
  transpose(rows: number, cols: number, src: number, dst: number): void;
  /** dst row i ← src row rows[i] for i < count, rows of rowBytes bytes (rows: i32 row indexes) */
  gather_rows(count: number, rowBytes: number, src: number, rows: number, dst: number): void;
  /** 1 when all n floats at a are finite, else 0 */
  all_finite(n: number, a: number): number;
  /** how many of the n floats at a are ≠ 0 (f32.ne: −0 is 0, NaN is not) */
  count_nonzero(n: number, a: number): number;
  /** nonzeros of A[M×K] as row lists: ptr[M+1] into entries (i32 column, f32 value); returns their count */
  csr_build(M: number, K: number, a: number, ptr: number, entries: number): number;
  /**
   * rows' lists of a source index (sptr, sentries) appended at entry off of dentries, dptr[b] their starts;
   * returns the new end
   */
  gather_lists(
    count: number,
    rows: number,
    sptr: number,
    sentries: number,
    dptr: number,
    dentries: number,
    off: number,
  ): number;
  /** the same nonzeros as column lists cptr[K+1] into centries (i32 row, f32 value); cursor: K scratch ints */
  csc_from_csr(
    M: number,
    K: number,
    ptr: number,
    entries: number,
    cptr: number,
    cursor: number,
    centries: number,
  ): void;
  /**
   * the runs of consecutive columns k < K with cptr[k+1] ≠ cptr[k], as i32 pairs (first, columns) at
   * runs; returns their count
   */
  column_runs(K: number, cptr: number, runs: number): number;
  /** out[i,:] = (β·out[i,:] or bias) + α·Σ_{(k, x) in list i} x·B[k, :], then relu? */
  sparse_rows(
    M: number,
    N: number,
    ptr: number,
    entries: number,
    b: number,
    out: number,
    beta: number,
    bias: number,
    relu: number,
    alpha: number,
  ): void;
  /** out[K×N] = 0 unless accumulate, then out[k,:] += α·x·dz[i,:] for each entry (k, x) of row list i */
  sparse_scatter(
    M: number,
    N: number,
    K: number,
    ptr: number,
    entries: number,
    dz: number,
    out: number,
    accumulate: number,
    alpha: number,
  ): void;
  /** out[r,:] = +0 for the rows of runs i < count, each the i32 pair (first row, rows) at runs + 8i, of out [·×N] */
  zero_runs(N: number, out: number, runs: number, count: number): void;
}
