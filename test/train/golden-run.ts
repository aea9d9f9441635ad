/**
 * The run the golden trajectory test replays (llm.c's test_gpt2.c idea): 784-32-10 ReLU on 640
 * embedded MNIST digits, batch 32, SGD with momentum 0.9, seed 7, 20 steps, one metrics row per
 * step. Its 20 minibatch losses in float64 (the TypeScript engine) are recorded in
 * test/fixtures/golden-trajectory.json by `npx tsx scripts/record-golden-trajectory.ts`.
 */
import { TrainConfig } from "../../src/config/train-schema.js";
import type { Precision } from "../../src/config/train-schema.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { selectEngine } from "../../src/engine/select-engine.js";
import type { WasmVariant } from "../../src/engine/wasm/wasm-engine.js";
import { wasmTrainingEngine } from "../../src/engine/wasm/wasm-training-engine.js";
import { buildExperiment, engineBytesFor, seedStreams } from "../../src/run/experiment.js";
import type { MetricsRow } from "../../src/train/state.js";
import { initialProgress, train, type TrainEvent } from "../../src/train/train.js";
import { trainSetup } from "../../src/run/train-run.js";

export const GOLDEN_STEPS = 20;

export function goldenConfig(precision: Precision): TrainConfig {
  return TrainConfig.parse({
    name: "golden",
    seed: 7,
    data: { source: "mnist", train: 640, test: 100 },
    model: { hidden: [32], activation: "relu", init: "he", precision },
    loss: "cross-entropy",
    optimizer: { batchSize: 32, learningRate: 0.05, momentum: 0.9, epochs: 1, maxSteps: GOLDEN_STEPS },
    log: { every: 1, evalEvery: GOLDEN_STEPS },
  });
}

/**
 * The 20 minibatch losses of the golden run in `precision`, and the engine that computed them:
 * the one `sgd train` picks, or for float32 the wasm engine of the given flavour.
 */
export async function goldenTrajectory(
  precision: Precision,
  variant?: WasmVariant,
): Promise<{ engine: string; losses: number[] }> {
  const config = goldenConfig(precision),
    seeds = seedStreams(config.seed);
  const dataset = loadDataset(config.data, seeds.data, { cwd: process.cwd() });
  const bytes = engineBytesFor(config, dataset);
  const engine = variant === undefined ? selectEngine(precision, bytes) : wasmTrainingEngine(bytes, variant);
  const exp = buildExperiment(config, dataset, seeds.init, engine);
  const rows: MetricsRow[] = [];
  let t = 0;
  const hooks = {
    clock: () => (t += 0.001),
    shouldStop: () => false,
    yieldControl: () => Promise.resolve(),
    onEvent: (e: TrainEvent) => void (e.type === "row" && rows.push(e.row)),
  };
  await train(trainSetup(config, dataset, exp, initialProgress(seeds.shuffle), hooks));
  await exp.dispose();
  return { engine: engine.name, losses: rows.map((r) => r.train_loss!) };
}
