/**
 * WorkerPool with a test worker whose job of size s adds (k + 1)·s to a shared counter on worker k:
 * after a job, the counter has grown by s·(1 + 2 + … + W) = s·W(W + 1)/2, so every worker ran
 * exactly once; a worker's exception comes back as an Error on the main thread (not a hang), and
 * the pool keeps working after it; a failed setup is reported by every job.
 */
import { afterAll, describe, expect, it } from "vitest";
import { WorkerPool } from "../../src/grad/parallel-pool.js";
import type { TestWorkerData } from "./parallel-test-worker.js";

const pools: WorkerPool[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.dispose();
});

function testPool(count: number, failOn: TestWorkerData["failOn"], setupError: string | null = null) {
  const counter = new SharedArrayBuffer(4);
  const pool = new WorkerPool(
    "parallel-test-worker",
    count,
    (index, memory): TestWorkerData => ({ index, pool: memory, counter, failOn, setupError }),
    import.meta.url,
  );
  pools.push(pool);
  const job = (size: number): number => {
    pool.start(size);
    pool.finish();
    return Atomics.load(new Int32Array(counter), 0);
  };
  return { pool, job };
}

describe("WorkerPool", () => {
  it("runs every worker once per job, for 500 jobs in a row", () => {
    const { job } = testPool(3, null);
    // workers 1, 2, 3 add 1·s + 2·s + 3·s = 6s per job; sizes 1 … 500 sum to 125 250
    let last = 0;
    for (let s = 1; s <= 500; s++) last = job(s);
    expect(last).toBe(6 * 125_250);
  });

  it("turns a worker's exception into an Error naming the worker, then keeps working", () => {
    const { job } = testPool(2, { worker: 1, size: 3 });
    expect(job(2)).toBe(3 * 2);
    // worker 0 still adds 1·3; worker 1 throws
    expect(() => job(3)).toThrow("parallel-test-worker 1 failed: DataError: job of size 3 refused");
    expect(job(5)).toBe(6 + 3 + 3 * 5);
  });

  it("reports a failed setup on every job", () => {
    const { job } = testPool(2, null, "no engine here");
    expect(() => job(1)).toThrow(/failed: Error: no engine here/);
    expect(() => job(1)).toThrow(/no engine here/);
  });

  it("refuses a job after dispose(), which resolves once the workers have exited", async () => {
    const { pool, job } = testPool(1, null);
    expect(job(4)).toBe(4);
    await pool.dispose();
    expect(() => job(1)).toThrow(/disposed/);
  });
});
