/**
 * One worker thread of ParallelFiniteDifference. It owns a parameter range [from, to), its own
 * engine, workspace and copies of w and the batch, and on each job writes, with the serial code,
 *   dw[j] ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε   (central)  or  (C(w + εe_j) − C(w)) / ε   (forward)
 * for j in its range into the shared gradient; C(w) comes from the main thread (slot `base`).
 */
import { workerData } from "node:worker_threads";
import { createWorkspace } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import { CountedLoss, finiteDifferenceRange } from "./finite-difference.js";
import type { DifferenceScheme } from "./gradient-options.js";
import { engineFromRecipe, type EngineRecipe } from "./parallel-engine.js";
import { serveJobs, type PoolMemory } from "./parallel-pool.js";
import { copySharedInputs, createWorkerInputs, viewSharedBatch, type SharedBatchMemory } from "./parallel-shared-batch.js";

export interface FiniteDifferenceWorkerData {
  index: number;
  pool: PoolMemory;
  spec: NetworkSpec;
  capacity: number;
  recipe: EngineRecipe;
  epsilon: number;
  scheme: DifferenceScheme;
  from: number;
  to: number;
  batch: SharedBatchMemory;
  /** Float64 [1 + 2·workers]: C(w), then (multiply-adds, loss evaluations) of each worker */
  results: SharedArrayBuffer;
}

/** The job of one worker, built once: copy the inputs in, difference over the range, count. */
function setUp(data: FiniteDifferenceWorkerData): (size: number) => void {
  const { spec, epsilon, scheme, from, to, index } = data;
  const ws = createWorkspace(spec, data.capacity, engineFromRecipe(data.recipe));
  const shared = viewSharedBatch(data.batch, spec);
  const own = createWorkerInputs(spec, data.capacity, ws.engine.allocator);
  const results = new Float64Array(data.results);
  const loss = new CountedLoss(ws);
  return (size) => {
    copySharedInputs(shared, own, size, spec);
    loss.reset(own.batch);
    finiteDifferenceRange(loss.of, own.w, shared.dw, epsilon, scheme, results[0]!, from, to);
    results[1 + 2 * index] = ws.multiplyAdds;
    results[2 + 2 * index] = loss.passes;
  };
}

function setUpOrError(data: FiniteDifferenceWorkerData): ((size: number) => void) | Error {
  try {
    return setUp(data);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const data = workerData as FiniteDifferenceWorkerData;
serveJobs(data.pool, data.index, setUpOrError(data));
