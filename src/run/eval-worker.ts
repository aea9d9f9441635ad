/**
 * The worker side of evaluating off the training thread (eval-thread.ts): a worker thread with its
 * own engine, rebuilt from the training engine's recipe (the same kernels, so the same float
 * results), that computes loss and accuracy of the weights it is sent on the splits it holds —
 * exactly Evaluator.evaluate, in EVAL_CHUNK chunks, on its own copy of the splits' features — or the
 * predicted classes argmax_o ŷ_no of every sample (exactly Evaluator.classes), for the run's report.
 * Protocol (answers in the order asked):
 *   main → worker  {type: "split", name, split} · {type: "evaluate" | "classes", id, name, w}
 *   worker → main  {type: "result", id, loss, accuracy} · {type: "classes", id, classes}
 *                  · {type: "error", id, message}
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Split } from "../data/dataset.js";
import { allocateFloat, type EngineRecipe } from "../engine/engine.js";
import { engineFromRecipe } from "../engine/select-engine.js";
import { batchSource } from "../model/batch.js";
import { Evaluator } from "../model/evaluate.js";
import type { NetworkSpec } from "../model/network-spec.js";

export interface EvalWorkerData {
  recipe: EngineRecipe;
  /** the engine's memory: the evaluator's workspace, the weights and the splits' features */
  bytes: number;
  spec: NetworkSpec;
  chunk: number;
  parameters: number;
}

export type EvalRequest =
  | { type: "split"; name: string; split: Split }
  | { type: "evaluate" | "classes"; id: number; name: string; w: Float32Array | Float64Array };

export type EvalAnswer =
  | { type: "result"; id: number; loss: number; accuracy: number | null }
  | { type: "classes"; id: number; classes: Int32Array }
  | { type: "error"; id: number; message: string };

const data = workerData as EvalWorkerData;
const port = parentPort!;
const engine = engineFromRecipe(data.recipe, data.bytes);
const evaluator = new Evaluator(data.spec, data.chunk, engine, true);
const w = allocateFloat(engine.allocator, data.spec.precision, data.parameters);
const splits = new Map<string, Split>();

port.on("message", (m: EvalRequest) => {
  if (m.type === "split") {
    splits.set(m.name, m.split);
    evaluator.use(m.split, batchSource(m.split, data.spec, engine)); // its rows copied in now, not at the first call
    return;
  }
  try {
    const split = splits.get(m.name);
    if (split === undefined) throw new Error(`no split "${m.name}" was sent to the evaluation thread`);
    w.set(m.w);
    if (m.type === "classes") {
      const classes = evaluator.classes(w, split);
      port.postMessage({ type: "classes", id: m.id, classes } satisfies EvalAnswer, [classes.buffer as ArrayBuffer]);
      return;
    }
    const { loss, accuracy } = evaluator.evaluate(w, split);
    port.postMessage({ type: "result", id: m.id, loss, accuracy } satisfies EvalAnswer);
  } catch (err) {
    port.postMessage({ type: "error", id: m.id, message: (err as Error).message } satisfies EvalAnswer);
  }
});
