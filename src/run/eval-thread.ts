/**
 * Evaluation off the training thread: when the engine trains on one thread and a second core is
 * free, the run's evaluations (its test or validation split, log.evalEvery) run in a worker thread
 * (eval-worker.ts) while training goes on. evaluate(w, split) copies w at once — training keeps
 * changing it — and resolves with what Evaluator.evaluate returns on this thread: the worker's
 * engine is rebuilt from the training engine's recipe (the same kernels and chunks, so the same
 * float results). The loop holds rows until their numbers are back (src/train/pending-rows.ts).
 * classes(w, split) likewise resolves with Evaluator.classes (argmax ŷ of every sample): the report's
 * test classes at the end of a run, without the training thread copying the split into its engine.
 * When it pays: offThreadEvaluation.
 */
import type { Worker } from "node:worker_threads";
import type { TrainConfig } from "../config/train-schema.js";
import type { Float } from "../core/types.js";
import type { Dataset, Split } from "../data/dataset.js";
import type { Engine } from "../engine/engine.js";
import { engineBytes } from "../engine/select-engine.js";
import { startWorker } from "../engine/threads/start-worker.js";
import type { Evaluation } from "../model/evaluate.js";
import { paramCount } from "../model/layout.js";
import { width, type NetworkSpec } from "../model/network-spec.js";
import type { EvalAnswer, EvalRequest, EvalWorkerData } from "./eval-worker.js";
import { EVAL_CHUNK, monitorRuleFor } from "./experiment.js";

/**
 * Parameter-samples (parameters × samples evaluated, over the whole run) from which evaluating on a
 * second thread pays, in both the evaluations and the training they overlap: about 60 ms of
 * evaluation on the wasm engine here (784-128-10: ~15 ms per 10,000 digits), against the ~0.15 s a
 * worker takes to start on the other core, and the copy of the split it is sent.
 */
export const OFF_THREAD_MIN_WORK = 4e9;

/** What decides it: the run's threads and the engine's, its method, early stopping, and the work. */
export interface OffThreadFacts {
  threads: number;
  engineThreads: number;
  totalSteps: number;
  batchSize: number;
  parameters: number;
}

/**
 * Whether this run's evaluations go to a second thread (never when a metric is watched — early
 * stopping, or a validation split's best weights: the loop needs each evaluation at once). Only
 * evaluations before the last one overlap training, so they are what must pay.
 */
export function offThreadEvaluation(config: TrainConfig, dataset: Dataset, f: OffThreadFacts): boolean {
  if (f.threads < 2 || f.engineThreads !== 1 || config.gradient.method !== "backprop") return false;
  if (monitorRuleFor(config, dataset) !== null) return false; // the loop then evaluates at once (best weights, stop)
  const overlapped = evaluationCount(f.totalSteps, config.log.evalEvery, Math.ceil(dataset.train.n / f.batchSize)) - 1;
  const evalWork = overlapped * (dataset.validation ?? dataset.test).n * f.parameters;
  const trainWork = f.totalSteps * f.batchSize * f.parameters;
  return evalWork >= OFF_THREAD_MIN_WORK && trainWork >= OFF_THREAD_MIN_WORK;
}

/** Steps k = 1…T that evaluate: multiples of `every`, epoch ends (multiples of `perEpoch`), and T. */
export function evaluationCount(T: number, every: number, perEpoch: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const both = (every / gcd(every, perEpoch)) * perEpoch;
  const counted = Math.floor(T / every) + Math.floor(T / perEpoch) - Math.floor(T / both);
  return counted + (T % every === 0 || T % perEpoch === 0 ? 0 : 1);
}

type Metrics = Pick<Evaluation, "loss" | "accuracy">;

export class EvalThread {
  private readonly worker: Worker;
  private readonly names = new Map<Split, string>();
  private readonly waiting = new Map<number, { resolve(m: EvalAnswer): void; reject(e: Error): void }>();
  private next = 0;
  private failure: Error | null = null;

  /**
   * A worker holding `splits` (each copied to it once) and `onceSplits` (read from their own shared arrays,
   * for an evaluation or two), evaluating networks of `spec` as `engine` does.
   */
  constructor(
    spec: NetworkSpec,
    engine: Engine,
    splits: Readonly<Record<string, Split>>,
    onceSplits: Readonly<Record<string, Split>> = {},
  ) {
    const held = Object.values(splits).reduce((rows, s) => rows + s.n, 0);
    const parameters = paramCount(spec);
    const features = 2 * held * width(spec, 0) + held;
    const data: EvalWorkerData = {
      recipe: engine.recipe,
      bytes: engineBytes(spec.sizes, parameters, EVAL_CHUNK, features + parameters),
      spec,
      chunk: EVAL_CHUNK,
      parameters,
    };
    this.worker = startWorker("eval-worker", import.meta.url, data);
    this.worker.on("message", (m: EvalAnswer) => this.answer(m));
    this.worker.on("error", (err) => this.failAll(err));
    const send = (resident: boolean) => (entry: [string, Split]) => {
      const [name, split] = entry;
      if (this.names.has(split)) return;
      this.names.set(split, name);
      this.send({ type: "split", name, split, resident });
    };
    Object.entries(splits).forEach(send(true));
    Object.entries(onceSplits).forEach(send(false));
  }

  /** Loss and accuracy of w (copied now) on `split`, one of the splits the worker holds. */
  evaluate(w: Float, split: Split): Promise<Metrics> {
    return this.ask("evaluate", w, split).then((m) => {
      if (m.type !== "result") throw new Error(`evaluation thread: answered ${m.type} to evaluate`);
      return { loss: m.loss, accuracy: m.accuracy };
    });
  }

  /** predicted [N] ← argmax_o ŷ_no of w (copied now) on `split`, as Evaluator.classes gives them. */
  classes(w: Float, split: Split): Promise<Int32Array> {
    return this.ask("classes", w, split).then((m) => {
      if (m.type !== "classes") throw new Error(`evaluation thread: answered ${m.type} to classes`);
      return m.classes;
    });
  }

  /** Whether the worker holds `split` (evaluate and classes take only those, and throw for others). */
  holds(split: Split): boolean {
    return this.names.has(split);
  }

  private ask(type: "evaluate" | "classes", w: Float, split: Split): Promise<EvalAnswer> {
    const name = this.names.get(split);
    if (name === undefined) throw new Error(`${type}: a split the evaluation thread does not hold`);
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.next++;
    const copy = w.slice();
    return new Promise<EvalAnswer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type, id, name, w: copy } satisfies EvalRequest, [copy.buffer]);
    });
  }

  dispose(): Promise<number> {
    return this.worker.terminate();
  }

  private send(m: EvalRequest): void {
    this.worker.postMessage(m);
  }

  private answer(m: EvalAnswer): void {
    const waiter = this.waiting.get(m.id);
    if (waiter === undefined) return;
    this.waiting.delete(m.id);
    if (m.type === "error") waiter.reject(new Error(`evaluation thread: ${m.message}`));
    else waiter.resolve(m);
  }

  private failAll(err: Error): void {
    this.failure = new Error(`evaluation thread: ${err.message}`);
    for (const waiter of this.waiting.values()) waiter.reject(this.failure);
    this.waiting.clear();
  }
}
