/**
 * One worker thread of ParallelFiniteDifference. With its own engine, workspace and copies of w
 * and the batch, its part of a job claims parameter blocks and writes, with the serial code,
 *   dw[j] ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε   (central)  or  (C(w + εe_j) − C(w)) / ε   (forward)
 * for each j of its blocks into the shared gradient; C(w) comes from the main thread (results[0]).
 */
import { workerData } from "node:worker_threads";
import { serveTeam } from "../engine/threads/serve-team.js";
import type { TeamWorkerData } from "../engine/threads/team-memory.js";
import { createWorkspace } from "../model/mlp.js";
import type { NetworkSpec } from "../model/network-spec.js";
import { CountedLoss } from "./finite-difference.js";
import type { DifferenceScheme } from "./gradient-options.js";
import type { EngineRecipe } from "../engine/engine.js";
import { engineBytes, engineFromRecipe } from "../engine/select-engine.js";
import { paramCount } from "../model/layout.js";
import { differenceClaimedBlocks } from "./parallel-parameter-blocks.js";
import {
  copySharedInputs,
  createWorkerInputs,
  viewSharedBatch,
  type SharedBatchMemory,
} from "./parallel-shared-batch.js";

/** The team's one function: difference blocks of parameters until none is left, on a batch of `batchSize`. */
export interface DifferenceTeam {
  blocks(batchSize: number): void;
}

export interface FiniteDifferenceWorkerData {
  spec: NetworkSpec;
  capacity: number;
  recipe: EngineRecipe;
  epsilon: number;
  scheme: DifferenceScheme;
  batch: SharedBatchMemory;
  /** Float64 [1 + 2·workers]: C(w), then (multiply-adds, loss evaluations) of each worker */
  results: SharedArrayBuffer;
  /** Int32 [1]: the next parameter block to claim */
  next: SharedArrayBuffer;
}

/** Worker `index`'s part, built once: copy the inputs in, difference the claimed blocks, count. */
function setUp(data: FiniteDifferenceWorkerData, index: number): DifferenceTeam {
  const { spec, epsilon, scheme } = data;
  const ws = createWorkspace(
    spec,
    data.capacity,
    engineFromRecipe(data.recipe, engineBytes(spec.sizes, paramCount(spec), data.capacity)),
  );
  const shared = viewSharedBatch(data.batch, spec);
  const own = createWorkerInputs(spec, data.capacity, ws.engine.allocator);
  const results = new Float64Array(data.results),
    next = new Int32Array(data.next);
  const loss = new CountedLoss(ws);
  const blocks = (batchSize: number): void => {
    copySharedInputs(shared, own, batchSize, spec);
    loss.reset(own.batch);
    differenceClaimedBlocks(next, loss.of, own.w, shared.dw, epsilon, scheme, results[0]!);
    results[1 + 2 * index] = ws.multiplyAdds;
    results[2 + 2 * index] = loss.passes;
  };
  return { blocks };
}

const { team, index, data } = workerData as TeamWorkerData<FiniteDifferenceWorkerData>;
serveTeam<DifferenceTeam>(team, index, () => setUp(data, index));
