/**
 * The corpus of bad configs under test/fixtures/bad-configs/: each must fail with exit code 2 and
 * one line naming the file, the line (YAML, and JSON where a key is at fault), the key path, what
 * was expected and what was found. Lines and columns below were counted by hand in the fixtures.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { loadTrainConfig } from "../../src/config/load-config.js";
import { InvalidConfigError } from "../../src/config/config-issue.js";
import { run } from "../../src/cli/main.js";
import { createProgram } from "../../src/cli/program.js";
import type { CliContext } from "../../src/cli/command-options.js";
import { withSetOption } from "../../src/cli/command-options.js";
import { capturedIo } from "../cli/captured-io.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const DIR = "test/fixtures/bad-configs";

interface Expected {
  line: number | null;
  path: string;
  /** the message after "file:line: " (or "file:line:col: " for syntax errors, "file: " without a line) */
  text: string;
  col?: number;
}

const SOURCES = '"mnist", "mnist-full", "idx", "synthetic", "csv"';
const ACTIVATIONS = '"relu", "leaky-relu", "sigmoid", "tanh", "linear"';
const SCHEDULES = '"constant", "step", "exponential", "inverse-time", "cosine"';
const GENERATORS = '"linear", "sine", "polynomial", "blobs", "moons", "spirals", "xor"';

const CORPUS: Record<string, Expected> = {
  "wrong-type.yaml": { line: 3, path: "seed", text: 'seed: expected an integer >= 0, found "one"' },
  "unknown-key.yaml": {
    line: 3,
    path: "colour",
    text: 'unknown key "colour" (known keys: $schema, name, seed, data, model, loss, optimizer, gradient, log, stop, check)',
  },
  "typo-optimiser.yaml": { line: 3, path: "optimiser", text: 'unknown key "optimiser" (did you mean "optimizer"?)' },
  "typo-learningrate.yaml": {
    line: 5,
    path: "optimizer.learningrate",
    text: 'unknown key "optimizer.learningrate" (did you mean "optimizer.learningRate"?)',
  },
  "negative-learning-rate.yaml": {
    line: 7,
    path: "optimizer.learningRate",
    text: "optimizer.learningRate: expected a number > 0, found -0.1",
  },
  "empty-hidden.yaml": {
    line: 3,
    path: "model.hidden",
    text: "model.hidden: expected a non-empty list of integers > 0, found an empty list",
  },
  "hidden-item-zero.yaml": {
    line: 5,
    path: "model.hidden[1]",
    text: "model.hidden[1]: expected an integer > 0, found 0",
  },
  "zero-batch-size.yaml": {
    line: 3,
    path: "optimizer.batchSize",
    text: 'optimizer.batchSize: expected an integer > 0 or "full", found 0',
  },
  "batch-size-typo.yaml": {
    line: 3,
    path: "optimizer.batchSize",
    text: 'optimizer.batchSize: expected an integer > 0 or "full", found "fuul" (did you mean "full"?)',
  },
  "unknown-activation.yaml": {
    line: 4,
    path: "model.activation",
    text: `model.activation: expected one of ${ACTIVATIONS}, found "rleu" (did you mean "relu"?)`,
  },
  "momentum-too-big.yaml": {
    line: 4,
    path: "optimizer.momentum",
    text: "optimizer.momentum: expected a number in [0, 1), found 1",
  },
  "bad-schedule-type.yaml": {
    line: 5,
    path: "optimizer.schedule.type",
    text: `optimizer.schedule.type: expected one of ${SCHEDULES}, found "linear"`,
  },
  "step-without-every.yaml": {
    line: 3,
    path: "optimizer.schedule.every",
    text: "optimizer.schedule.every: expected an integer > 0, found nothing",
  },
  "unknown-source.yaml": {
    line: 3,
    path: "data.source",
    text: `data.source: expected one of ${SOURCES}, found "imagenet"`,
  },
  "missing-generator.yaml": {
    line: 3,
    path: "data.generator",
    text: `data.generator: expected one of ${GENERATORS}, found nothing`,
  },
  "sigmoid-output-cross-entropy.yaml": {
    line: 3,
    path: "model.outputActivation",
    text: "model.outputActivation: sigmoid output needs loss mse (cross-entropy puts its softmax on a linear output layer)",
  },
  "mnist-full-too-many.yaml": {
    line: 4,
    path: "data.train",
    text: "data.train: expected an integer in (0, 60000] or null, found 70000",
  },
  "string-number.json": {
    line: 4,
    path: "optimizer.learningRate",
    text: 'optimizer.learningRate: expected a number > 0, found "0.1"',
  },
  "unknown-nested-key.json": {
    line: 5,
    path: "gradient.epsilom",
    text: 'unknown key "gradient.epsilom" (did you mean "gradient.epsilon"?)',
  },
  "malformed.yaml": {
    line: 4,
    col: 3,
    path: "",
    text: "YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  },
  "tab-indent.yaml": { line: 2, col: 1, path: "", text: "YAML syntax error: Tabs are not allowed as indentation" },
  "duplicate-key.yaml": { line: 4, col: 1, path: "", text: "YAML syntax error: Map keys must be unique" },
  "trailing-comma.json": {
    line: 3,
    col: 50,
    path: "",
    text: 'JSON syntax error: trailing comma before "}" (JSON allows none)',
  },
  "comment.json": {
    line: 2,
    col: 3,
    path: "",
    text: "JSON syntax error: comments are not allowed in JSON (use YAML for comments)",
  },
  "not-a-mapping.yaml": {
    line: 1,
    col: 1,
    path: "",
    text: 'expected an object of config keys at the top level, found a list [{"name":"a list is not a config"}, {"s…',
  },
  "empty.yaml": { line: null, path: "", text: "the file is empty (expected a mapping of config keys)" },
  "wrong-extension.toml": {
    line: null,
    path: "",
    text: 'a config file must end in .json, .yaml or .yml (found ".toml")',
  },
};

function expectedMessage(file: string, e: Expected): string {
  const where =
    e.line === null ? `${DIR}/${file}` : `${DIR}/${file}:${e.line}${e.col === undefined ? "" : `:${e.col}`}`;
  return `${where}: ${e.text}`;
}

function loadError(file: string, sets: string[] = []): InvalidConfigError {
  try {
    loadTrainConfig(`${DIR}/${file}`, sets, ROOT);
  } catch (err) {
    if (err instanceof InvalidConfigError) return err;
    throw err;
  }
  throw new Error(`${file} loaded without error`);
}

/** The real program plus a test-only command that loads a train config (sgd train is not ours). */
function programWithLoader(ctx: CliContext): Command {
  const program = createProgram(ctx);
  withSetOption(program.command("load-config").requiredOption("--config <file>")).action(
    (flags: { config: string; set: string[] }) => {
      loadTrainConfig(flags.config, flags.set, ctx.io.cwd);
    },
  );
  return program;
}

describe("bad-config corpus", () => {
  it("has an expectation for every fixture, and at least 15 of them", () => {
    const files = readdirSync(`${ROOT}/${DIR}`).sort();
    expect(files).toEqual(Object.keys(CORPUS).sort());
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  for (const [file, e] of Object.entries(CORPUS)) {
    it(`${file}: ${e.text.slice(0, 60)}`, () => {
      const err = loadError(file);
      expect(err.exitCode).toBe(2);
      expect(err.issues).toHaveLength(1);
      const [issue] = err.issues;
      expect(issue).toMatchObject({ file: `${DIR}/${file}`, line: e.line, path: e.path });
      expect(err.message).toBe(expectedMessage(file, e));
    });

    it(`${file}: run() prints one "error:" line and exits 2`, async () => {
      const io = capturedIo({ cwd: ROOT });
      const code = await run(["load-config", "--config", `${DIR}/${file}`], io, programWithLoader);
      expect(code).toBe(2);
      expect(io.err()).toBe(`error: ${expectedMessage(file, e)}\n`);
      expect(io.out()).toBe("");
    });
  }

  it("a missing file names the path and where it was looked for", () => {
    const err = loadError("does-not-exist.yaml");
    expect(err.message).toBe(`${DIR}/does-not-exist.yaml: no such file (looked in ${ROOT})`);
    expect(err.exitCode).toBe(2);
  });

  it("a file with several problems reports each on its own line, in file order", () => {
    // negative-learning-rate.yaml with a second problem supplied by --set: --set lines come first
    const err = loadError("negative-learning-rate.yaml", ["model.hidden=[0]"]);
    expect(err.message.split("\n")).toEqual([
      "--set model.hidden=[0]: model.hidden[0]: expected an integer > 0, found 0",
      `${DIR}/negative-learning-rate.yaml:7: optimizer.learningRate: expected a number > 0, found -0.1`,
    ]);
  });

  it("under --json a failing command still leaves one JSON document on stdout", async () => {
    const io = capturedIo({ cwd: ROOT });
    const code = await run(["load-config", "--config", `${DIR}/zero-batch-size.yaml`, "--json"], io, (ctx) => {
      const program = programWithLoader(ctx);
      program.commands.find((c) => c.name() === "load-config")?.option("--json");
      return program;
    });
    expect(code).toBe(2);
    expect(JSON.parse(io.out())).toEqual({
      status: "error",
      exitCode: 2,
      error: `${DIR}/zero-batch-size.yaml:3: optimizer.batchSize: expected an integer > 0 or "full", found 0`,
    });
  });
});
