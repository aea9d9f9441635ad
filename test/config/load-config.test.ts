/**
 * loadConfig / loadTrainConfig: JSON and YAML forms of one experiment resolve to the same object
 * (every default filled in, written out by hand below from docs/config.md), and --set overrides apply
 * before validation in order: a --set beats the file, a later --set beats an earlier one.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig, loadTrainConfig } from "../../src/config/load-config.js";
import { InvalidConfigError } from "../../src/config/config-issue.js";
import { UsageError } from "../../src/core/errors.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));

/** fixtures/moons.{yaml,json} with every default the schema promises. */
const MOONS = {
  $schema: "../../../configs/schema.json",
  name: "moons",
  seed: 7,
  data: {
    source: "synthetic",
    generator: "moons",
    samples: 400,
    features: 2,
    classes: 2,
    noise: 0.2,
    testFraction: 0.2,
    normalize: "none",
    validation: null,
  },
  model: { hidden: [16, 8], activation: "tanh", outputActivation: "linear", init: "he", precision: "float32" },
  loss: "cross-entropy",
  optimizer: {
    type: "sgd",
    batchSize: 16,
    learningRate: 0.1,
    schedule: { type: "step", every: 100, factor: 0.1 },
    momentum: 0.9,
    nesterov: false,
    weightDecay: 0,
    beta1: 0.9,
    beta2: 0.999,
    alpha: 0.99,
    centered: false,
    epsilon: null,
    epochs: 5,
    maxSteps: null,
  },
  gradient: { method: "backprop", epsilon: 1e-5, scheme: "central" },
  log: { every: 10, evalEvery: 10, tensorboard: true, fullTrainLoss: false, gradientNoise: 0 },
  stop: null,
  check: { samples: 8, parameters: 32, epsilon: 1e-6, atol: 1e-5, rtol: 1e-3, pathBudget: 1e8 },
};

function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error("no UsageError");
}

describe("loadTrainConfig", () => {
  it("resolves the YAML and JSON forms of a config to the same object, defaults filled in", () => {
    const fromYaml = loadTrainConfig("fixtures/moons.yaml", [], HERE);
    const fromJson = loadTrainConfig("fixtures/moons.json", [], HERE);
    const { $schema, ...rest } = MOONS;
    expect(fromJson).toEqual(MOONS);
    expect(fromYaml).toEqual(rest); // the YAML names its schema in a comment, not a key
    expect($schema).toBe(fromJson.$schema);
  });

  it("fills docs/config.md defaults around a single key", () => {
    const config = loadTrainConfig("fixtures/minimal.yaml", [], HERE);
    expect(config).toEqual({
      name: "minimal",
      seed: 1,
      data: { source: "mnist", train: 8000, test: 2000, normalize: "none", validation: null },
      model: { hidden: [128], activation: "relu", outputActivation: "linear", init: "he", precision: "float32" },
      loss: "cross-entropy",
      optimizer: {
        type: "sgd",
        batchSize: 32,
        learningRate: 0.05,
        schedule: { type: "constant" },
        momentum: 0,
        nesterov: false,
        weightDecay: 0,
        beta1: 0.9,
        beta2: 0.999,
        alpha: 0.99,
        centered: false,
        epsilon: null,
        epochs: 5,
        maxSteps: null,
      },
      gradient: { method: "backprop", epsilon: 1e-5, scheme: "central" },
      log: { every: 50, evalEvery: 500, tensorboard: true, fullTrainLoss: false, gradientNoise: 0 },
      stop: null,
      check: { samples: 8, parameters: 32, epsilon: 1e-6, atol: 1e-5, rtol: 1e-3, pathBudget: 1e8 },
    });
  });

  it("lets a --set beat the file, and a later --set beat an earlier one", () => {
    const config = loadTrainConfig(
      "fixtures/moons.yaml",
      ["optimizer.learningRate=0.5", "seed=9", "optimizer.learningRate=0.25"],
      HERE,
    );
    expect(config.optimizer.learningRate).toBe(0.25);
    expect(config.seed).toBe(9);
    expect(config.optimizer.momentum).toBe(0.9); // untouched keys keep the file's value
  });

  it("parses --set values as YAML: full, flow lists, flow mappings, null", () => {
    const config = loadTrainConfig(
      "fixtures/moons.yaml",
      [
        "optimizer.batchSize=full",
        "model.hidden=[64,32]",
        "optimizer.schedule={type: exponential, decay: 0.99}",
        "optimizer.maxSteps=null",
      ],
      HERE,
    );
    expect(config.optimizer.batchSize).toBe("full");
    expect(config.model.hidden).toEqual([64, 32]);
    expect(config.optimizer.schedule).toEqual({ type: "exponential", decay: 0.99 });
    expect(config.optimizer.maxSteps).toBeNull();
  });

  it("addresses list items as model.hidden.1 or model.hidden[1]", () => {
    expect(loadTrainConfig("fixtures/moons.yaml", ["model.hidden.1=4"], HERE).model.hidden).toEqual([16, 4]);
    expect(loadTrainConfig("fixtures/moons.yaml", ["model.hidden[0]=2"], HERE).model.hidden).toEqual([2, 8]);
    expect(loadTrainConfig("fixtures/moons.yaml", ["model.hidden[2]=3"], HERE).model.hidden).toEqual([16, 8, 3]);
  });

  it("creates objects the file leaves out, and switches a discriminated union by its key", () => {
    const config = loadTrainConfig(
      "fixtures/minimal.yaml",
      ["gradient.method=finite-difference", "data.source=mnist", "data.train=100"],
      HERE,
    );
    expect(config.gradient).toEqual({ method: "finite-difference", epsilon: 1e-5, scheme: "central" });
    expect(config.data).toEqual({ source: "mnist", train: 100, test: 2000, normalize: "none", validation: null });
  });

  it("rejects an unknown --set path, naming it and suggesting the close key", () => {
    const err = usageError(() => loadTrainConfig("fixtures/moons.yaml", ["optimizer.learningrate=0.1"], HERE));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      '--set optimizer.learningrate=0.1: unknown key "optimizer.learningrate" (did you mean "optimizer.learningRate"?)',
    );
    const deeper = usageError(() => loadTrainConfig("fixtures/moons.yaml", ["optimizer.momentum.beta=0.1"], HERE));
    expect(deeper.message).toBe(
      '--set optimizer.momentum.beta=0.1: unknown key "optimizer.momentum.beta" (optimizer.momentum takes a single value, not keys)',
    );
    const variant = usageError(() => loadTrainConfig("fixtures/moons.yaml", ["data.trainImages=x"], HERE));
    expect(variant.message).toContain('unknown key "data.trainImages" (known keys of data: source, generator, samples');
  });

  it("rejects malformed --set arguments", () => {
    expect(usageError(() => loadTrainConfig("fixtures/moons.yaml", ["seed"], HERE)).message).toBe(
      "--set seed: expected KEY=VALUE, e.g. --set optimizer.learningRate=0.1",
    );
    expect(usageError(() => loadTrainConfig("fixtures/moons.yaml", ["optimizer..x=1"], HERE)).message).toContain(
      "is not a dotted key path",
    );
    expect(usageError(() => loadTrainConfig("fixtures/moons.yaml", ["model.hidden=[1,"], HERE)).message).toContain(
      "--set model.hidden=[1,: the value is not valid YAML",
    );
    expect(usageError(() => loadTrainConfig("fixtures/moons.yaml", ["model.hidden.5=1"], HERE)).message).toBe(
      '--set model.hidden.5=1: model.hidden is a list of 2; "5" is not an index 0…2',
    );
  });

  it("blames the --set, not the file line it replaced, when its value is invalid", () => {
    let err: unknown;
    try {
      loadTrainConfig("fixtures/moons.yaml", ["model.hidden=[16, -1]"], HERE);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidConfigError);
    expect((err as InvalidConfigError).issues).toEqual([
      {
        where: "--set model.hidden=[16, -1]",
        file: null,
        line: null,
        col: null,
        path: "model.hidden[1]",
        message: "--set model.hidden=[16, -1]: model.hidden[1]: expected an integer > 0, found -1",
      },
    ]);
  });
});

describe("loadConfig with another schema", () => {
  const Bench = z.strictObject({
    repeats: z.int().positive().default(5),
    widths: z.array(z.int().positive()).default([2, 4]),
    nested: z.strictObject({ tolerance: z.number().positive().default(1e-4) }).prefault({}),
  });

  it("with no file, resolves defaults plus --set", () => {
    expect(loadConfig(Bench, null, ["repeats=3", "nested.tolerance=0.01"], "/nowhere")).toEqual({
      repeats: 3,
      widths: [2, 4],
      nested: { tolerance: 0.01 },
    });
  });

  it("reports its own keys and bounds, located at the --set", () => {
    expect(() => loadConfig(Bench, null, ["repeats=0"], "/nowhere")).toThrow(
      "--set repeats=0: repeats: expected an integer > 0, found 0",
    );
    expect(() => loadConfig(Bench, null, ["repeets=1"], "/nowhere")).toThrow(
      '--set repeets=1: unknown key "repeets" (did you mean "repeats"?)',
    );
  });
});
