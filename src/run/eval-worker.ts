/**
 * The worker side of evaluating off the training thread (eval-thread.ts): a worker thread with its
 * own engine, rebuilt from the training engine's recipe (the same kernels, so the same float
 * results), that computes loss and accuracy of the weights it is sent on the splits it holds —
 * exactly Evaluator.evaluate, in EVAL_CHUNK chunks, on its own copy of the splits' features — or the
 * predicted classes argmax_o ŷ_no of every sample (exactly Evaluator.classes), for the run's report:
 * kept from the split's last evaluation when asked for the same weights.
 * A split sent with `resident: false` is read from its own arrays (shared memory), chunk by chunk, rather
 * than copied into the engine: for one evaluation (the initial loss on the training split), not the
 * copy's 25 MB of fresh engine memory.
 * Protocol (answers in the order asked):
 *   main → worker  {type: "split", name, split, resident} · {type: "evaluate" | "classes", id, name, w}
 *   worker → main  {type: "result", id, loss, accuracy} · {type: "classes", id, classes}
 *                  · {type: "error", id, message}
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Split } from "../data/dataset.js";
import { allocateFloat, type EngineRecipe } from "../engine/engine.js";
import { engineFromRecipe } from "../engine/select-engine.js";
import { batchSource, heapBatchSource } from "../model/batch.js";
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
  | { type: "split"; name: string; split: Split; resident: boolean }
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
/**
 * Each split's last evaluation: its weights and the classes computed in the same pass. A classes request for
 * those very weights (bit for bit: the run's last evaluation and its report) is answered from them, without
 * a second pass over the split.
 */
const last = new Map<string, { w: Float32Array | Float64Array; classes: Int32Array }>();

/** a and b hold the same bits */
function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  if (a.length !== b.length || a.BYTES_PER_ELEMENT !== b.BYTES_PER_ELEMENT) return false;
  const x = new Int32Array(a.buffer, a.byteOffset, a.byteLength / 4),
    y = new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The engine's copy of the weights, set to `from`. */
function setW(from: Float32Array | Float64Array): typeof w {
  w.set(from);
  return w;
}

port.on("message", (m: EvalRequest) => {
  if (m.type === "split") {
    splits.set(m.name, m.split);
    // a resident split's rows copied in now, not at the first call
    const source = m.resident ? batchSource(m.split, data.spec, engine) : heapBatchSource(m.split, data.spec);
    evaluator.use(m.split, source);
    return;
  }
  try {
    const split = splits.get(m.name);
    if (split === undefined) throw new Error(`no split "${m.name}" was sent to the evaluation thread`);
    const kept = last.get(m.name);
    if (m.type === "classes") {
      const classes =
        kept !== undefined && sameBits(kept.w, m.w) ? kept.classes.slice() : evaluator.classes(setW(m.w), split);
      port.postMessage({ type: "classes", id: m.id, classes } satisfies EvalAnswer, [classes.buffer as ArrayBuffer]);
      return;
    }
    const classes = kept?.classes ?? new Int32Array(split.n);
    last.delete(m.name); // until this evaluation is whole: its classes are being overwritten
    const { loss, accuracy } = evaluator.evaluate(setW(m.w), split, classes);
    last.set(m.name, { w: m.w, classes });
    port.postMessage({ type: "result", id: m.id, loss, accuracy } satisfies EvalAnswer);
  } catch (err) {
    port.postMessage({ type: "error", id: m.id, message: (err as Error).message } satisfies EvalAnswer);
  }
});
