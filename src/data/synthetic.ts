/**
 * source: synthetic — generate `samples` points with a seeded generator, then hold out
 * test = round(samples · testFraction) of them (stratified by class for classification).
 * The generator draws from rng.fork() and the split from a second fork, so a seed fixes both.
 * Impossible combinations (moons with features ≠ 2, xor with classes ≠ 2, …) are ConfigErrors.
 */
import { SYNTHETIC_REGRESSION, syntheticDataIssue, type DataConfig, type Precision } from "../config/train-schema.js";
import { ConfigError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { numberedNames, type RawDataset } from "./dataset.js";
import { fractionSizes, splitPool, type Pool } from "./sample-split.js";
import { generateClassification } from "./synthetic-classification.js";
import { generateRegression, type RegressionGenerator } from "./synthetic-regression.js";

type SyntheticConfig = Extract<DataConfig, { source: "synthetic" }>;

function isRegression(generator: SyntheticConfig["generator"]): generator is RegressionGenerator {
  return (SYNTHETIC_REGRESSION as readonly string[]).includes(generator);
}

/** All generated samples, before the split. */
export function generateSynthetic(config: SyntheticConfig, rng: Rng): Pool {
  const issue = syntheticDataIssue(config);
  if (issue) throw new ConfigError(`data.${issue.key}: ${issue.message}`);
  const { generator, samples, features, classes, noise } = config;
  return isRegression(generator)
    ? generateRegression(generator, { samples, features, noise }, rng)
    : generateClassification(generator, { samples, features, classes, noise }, rng);
}

export function loadSynthetic(config: SyntheticConfig, rng: Rng, precision: Precision = "float64"): RawDataset {
  const generatorRng = rng.fork();
  const splitRng = rng.fork();
  const pool = generateSynthetic(config, generatorRng);
  const { nTrain, nTest } = fractionSizes(pool.n, config.testFraction, `data.samples (synthetic ${config.generator})`);
  const { train, test } = splitPool(pool, nTrain, nTest, splitRng, precision);
  const classification = pool.labels !== null;
  return {
    name: `synthetic:${config.generator}`,
    task: classification ? "classification" : "regression",
    inputs: pool.inputs,
    outputs: pool.outputs,
    classNames: classification ? Array.from({ length: pool.outputs }, (_, c) => String(c)) : null,
    featureNames: numberedNames("x", pool.inputs),
    targetName: "target",
    train,
    test,
  };
}
