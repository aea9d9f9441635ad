/**
 * The experiment config of `sgd train`: the single source of truth for keys,
 * types and defaults. The JSON Schema (`sgd schema`, configs/schema.json) is generated from it.
 * Objects are strict: an unknown key is an error. Every optional key has its default here.
 * Bounds a hostile config cannot get past: a `name` that is a safe folder name, file paths without
 * NUL, generated data within MAX_SYNTHETIC_*, and a loss that fits the data's task (cross-entropy
 * needs classes). How much memory a run needs is checked later, from the sizes (src/run/memory-estimate.ts).
 */
import { z } from "zod";
import { DIFFERENCE_SCHEMES, TRAINING_GRADIENT_METHODS } from "./gradient-methods.js";
import { MAX_NAME_LENGTH, RunName } from "./run-name.js";
import { stopIssue, STOP_MODES, STOP_MONITORS } from "./stop-checks.js";

import { CheckConfig } from "./check-schema.js";
import { DataConfig, dataTask } from "./data-schema.js";

export * from "./data-schema.js";
export * from "./optimizer-schema.js";
export * from "./check-schema.js";

import { OptimizerConfig } from "./optimizer-schema.js";

const positiveInt = z.int().positive();

export const ACTIVATIONS = ["relu", "leaky-relu", "sigmoid", "tanh", "linear"] as const;
export const OUTPUT_ACTIVATIONS = ["linear", "sigmoid"] as const;
export const INITS = ["he", "xavier", "uniform", "normal"] as const;
export const PRECISIONS = ["float32", "float64"] as const;
export const LOSSES = ["cross-entropy", "mse"] as const;

export const ModelConfig = z.strictObject({
  hidden: z.array(positiveInt).min(1).default([128]).describe("hidden layer sizes"),
  activation: z.enum(ACTIVATIONS).default("relu").describe("activation of every hidden layer"),
  outputActivation: z
    .enum(OUTPUT_ACTIVATIONS)
    .default("linear")
    .describe("σ of the output layer with loss mse: linear ŷ = z, or sigmoid ŷ = 1/(1+e^−z); cross-entropy: linear"),
  init: z
    .enum(INITS)
    .default("he")
    .describe(
      "weights: he N(0, 2/fan_in), xavier U(±√(6/(fan_in+fan_out))), uniform U(±1/√fan_in), biases 0; " +
        "normal: weights and biases N(0, 1) (Nielsen's network.py)",
    ),
  precision: z.enum(PRECISIONS).default("float32").describe("floating-point type of parameters and activations"),
});

export const GradientConfig = z.strictObject({
  method: z
    .enum(TRAINING_GRADIENT_METHODS)
    .default("backprop")
    .describe("how ∇C is computed; the optimizer does not know which"),
  epsilon: z.number().positive().default(1e-5).describe("finite-difference step ε"),
  scheme: z
    .enum(DIFFERENCE_SCHEMES)
    .default("central")
    .describe("finite differences: central (C(w+ε) − C(w−ε))/2ε or forward (C(w+ε) − C(w))/ε"),
});

export const LogConfig = z.strictObject({
  every: positiveInt.default(50).describe("steps between metric rows"),
  evalEvery: positiveInt.default(500).describe("steps between test evaluations (also at each epoch end)"),
  tensorboard: z
    .boolean()
    .default(true)
    .describe("also log each row as TensorBoard scalars (tensorboard/events.out.tfevents.*)"),
  fullTrainLoss: z
    .boolean()
    .default(false)
    .describe("at each evaluation, the loss over the whole training set (a forward pass over it): full_train_loss"),
  gradientNoise: z
    .int()
    .min(0)
    .default(0)
    .describe(
      "K > 0: at each evaluation, the full training-set gradient and K fresh minibatch gradients of the " +
        "configured size: gradient_norm, minibatch_cosine, minibatch_spread (costs ≈ N + K·B samples' gradients)",
    ),
});

export const StopConfig = z.strictObject({
  monitor: z
    .enum(STOP_MONITORS)
    .default("validation_loss")
    .describe("the metric watched at each evaluation (validation_… needs data.validation)"),
  patience: z.int().min(0).default(3).describe("evaluations without improvement before the run stops"),
  minDelta: z.number().min(0).default(0).describe("an improvement smaller than this does not count"),
  mode: z.enum(STOP_MODES).default("auto").describe("min or max is better (auto: min for a loss, max for accuracy)"),
});

/** cross-entropy on regression data cannot work (mse works for both: one-hot targets for classes). */
function lossTaskIssue(c: { loss: string; data: z.infer<typeof DataConfig> }): string | null {
  if (c.loss !== "cross-entropy" || dataTask(c.data) === "classification") return null;
  const source = c.data.source === "synthetic" ? `data.generator "${c.data.generator}"` : 'data.task "regression"';
  return `cross-entropy needs a classification dataset, but ${source} makes regression targets: use loss: mse`;
}

export const TrainConfig = z
  .strictObject({
    $schema: z.string().optional().describe("path or URL of the JSON Schema, for editors"),
    name: RunName.default("run").describe(
      "names the run directory runs/<name>-<YYYYMMDD-HHMMSS>: letters, digits, " +
        `".", "_", "-", "+"; at most ${MAX_NAME_LENGTH}`,
    ),
    seed: z.int().min(0).default(1).describe("seeds every random choice: data split, initial weights, shuffling"),
    data: DataConfig.prefault({ source: "mnist" }).describe("where the samples come from"),
    model: ModelConfig.prefault({}),
    loss: z
      .enum(LOSSES)
      .default("cross-entropy")
      .describe("cross-entropy (softmax, classification) or mse: C = 1/N Σ (ŷ − y)² (regression)"),
    optimizer: OptimizerConfig.prefault({}),
    gradient: GradientConfig.prefault({}),
    log: LogConfig.prefault({}),
    stop: StopConfig.nullable()
      .default(null)
      .describe("early stopping: end the run when the monitored metric stops improving (null: never)"),
    check: CheckConfig.prefault({}).describe("sgd check-gradients: samples, parameters and gradcheck tolerances"),
  })
  .superRefine((c, ctx) => {
    if (c.model.outputActivation !== "linear" && c.loss === "cross-entropy") {
      const message =
        `${c.model.outputActivation} output needs loss mse ` +
        "(cross-entropy puts its softmax on a linear output layer)";
      ctx.addIssue({ code: "custom", path: ["model", "outputActivation"], message });
    }
    const issue = lossTaskIssue(c);
    if (issue !== null) ctx.addIssue({ code: "custom", path: ["loss"], message: issue });
    const stop = stopIssue(c);
    if (stop) ctx.addIssue({ code: "custom", path: stop.path, message: stop.message });
  });

/** A validated config with every default filled in. */
export type TrainConfig = z.infer<typeof TrainConfig>;
export type ModelConfig = z.infer<typeof ModelConfig>;
export type GradientConfig = z.infer<typeof GradientConfig>;
export type StopConfig = z.infer<typeof StopConfig>;
export type Activation = (typeof ACTIVATIONS)[number];
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number];
export type Init = (typeof INITS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type LossName = (typeof LOSSES)[number];
