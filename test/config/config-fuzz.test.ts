/**
 * A seeded config fuzz: MUTATIONS configs, each a small valid train config (two moons, a 2-4-2
 * network) mutated 1–3 times by a seeded Rng (FUZZ_SEED, so a failure reproduces: the message
 * names the mutation's index and the config text), written as YAML or JSON and trained in-process
 * through run(argv, io) with --set optimizer.maxSteps=6 (a --set never hides a bad value: on a
 * mutated `optimizer` it is itself refused). Mutations: a key set to a hostile value (wrong types,
 * 0, −1, 1e300, NaN, ∞, 2^53+2, huge sizes, paths, NUL, long strings), a key removed, an unknown key
 * added, a section replaced, and text edits (a character deleted or inserted, lines duplicated,
 * swapped or cut, an alias bomb appended). Every run must end with exit 0, 2 or 3 — never 1 (a bug) —
 * print no stack trace, only `error: …` lines under --quiet, and finish within 10 s.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { run } from "../../src/cli/main.js";
import { useFileSystem } from "../../src/report/durable-files.js";
import { Rng } from "../../src/core/rng.js";
import { capturedIo } from "../cli/captured-io.js";

const FUZZ_SEED = 20;
const MUTATIONS = 2000;

const BASE = {
  name: "fuzz",
  seed: 1,
  data: { source: "synthetic", generator: "moons", samples: 40, noise: 0.1, testFraction: 0.25, normalize: "none" },
  model: { hidden: [4], activation: "tanh", init: "xavier", precision: "float64" },
  loss: "cross-entropy",
  optimizer: { batchSize: 8, learningRate: 0.3, epochs: 2, maxSteps: 6, momentum: 0, schedule: { type: "constant" } },
  gradient: { method: "backprop", epsilon: 1e-5, scheme: "central" },
  log: { every: 2, evalEvery: 3 },
};

/** Key paths a mutation may set: every key of BASE, keys of other variants, list items, unknown keys. */
const PATHS = [
  ...leafPaths(BASE),
  "data.generator",
  "data.classes",
  "data.features",
  "data.path",
  "data.task",
  "data.target",
  "data.trainImages",
  "data.train",
  "data.test",
  "model.hidden.1",
  "model.hidden.0",
  "optimizer.schedule.every",
  "optimizer.schedule.decay",
  "optimizer.schedule.k",
  "optimizer.schedule.minLearningRate",
  "optimizer.nesterov",
  "optimizer.weightDecay",
  "colour",
  "optimizer.lr",
  "data",
  "model",
  "optimizer",
  "log",
  "gradient",
];

/** Values a mutation sets: wrong types, edges and absurd sizes (not mid-sized ones: a run stays small). */
const VALUES: unknown[] = [
  -1,
  0,
  1,
  2,
  3,
  7,
  0.5,
  -0.5,
  1e-300,
  1e9,
  2 ** 32,
  2 ** 53 + 2,
  1e300,
  -1e300,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "abc",
  "full",
  "synthetic",
  "csv",
  "idx",
  "mnist",
  "blobs",
  "linear",
  "spirals",
  "xor",
  "mse",
  "relu",
  "float32",
  "finite-difference",
  "step",
  "../../../tmp/escaped",
  "a/b",
  "nul\u0000byte",
  "x".repeat(2000),
  true,
  false,
  null,
  [],
  [0],
  [1, 2],
  [3, 3, 3],
  [[1]],
  {},
  { a: 1 },
  { type: "step" },
  { type: "cosine", steps: 0 },
  { source: "csv" },
  { source: "idx", trainImages: "x", trainLabels: "x", testImages: "x", testLabels: "x" },
];

const INSERTS = [
  ":",
  "-",
  "[",
  "]",
  "{",
  "}",
  '"',
  "'",
  "&",
  "*",
  "\t",
  "\n",
  "#",
  "!",
  "%",
  "@",
  ",",
  "|",
  ">",
  "?",
  "9",
];
const BOMB =
  'z0: &a ["x","x","x","x","x","x","x","x","x"]\nz1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' +
  "z2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nz3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nz4: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";

function leafPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === "" ? k : `${prefix}.${k}`));
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

function setPath(config: Record<string, unknown>, dotted: string, value: unknown, remove: boolean): void {
  const keys = dotted.split(".");
  let obj: Record<string, unknown> = config;
  for (const key of keys.slice(0, -1)) {
    const next = obj[key];
    if (typeof next !== "object" || next === null) return; // a replaced section: nothing to walk into
    obj = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (remove) delete obj[last];
  else obj[last] = structuredClone(value);
}

/** A text edit of a serialized config. */
function editText(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  const lines = text.split("\n");
  const line = rng.int(lines.length);
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + pick(rng, INSERTS) + text.slice(at);
    case 2:
      return [...lines.slice(0, line + 1), lines[line]!, ...lines.slice(line + 1)].join("\n");
    case 3: {
      const other = rng.int(lines.length);
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join("\n");
    }
    case 4:
      return text.slice(0, at);
    default:
      return `${text}\n${BOMB}`;
  }
}

/** The k-th fuzzed config: its file name and text, and what was done to it (for the failure message). */
function mutant(rng: Rng): { file: string; text: string; done: string[] } {
  const config = structuredClone(BASE) as Record<string, unknown>;
  const done: string[] = [];
  const edits: ((text: string) => string)[] = [];
  for (let m = 1 + rng.int(3); m > 0; m--) {
    const kind = rng.int(10);
    const key = pick(rng, PATHS);
    if (kind < 6) {
      const value = pick(rng, VALUES);
      setPath(config, key, value, false);
      done.push(`${key} = ${JSON.stringify(value)?.slice(0, 40)}`);
    } else if (kind < 8) {
      // `data` stays: without it the run reads the embedded MNIST (~1 s each; the corpus covers it)
      if (key === "data") continue;
      setPath(config, key, null, true);
      done.push(`delete ${key}`);
    } else {
      edits.push((text) => editText(text, rng));
      done.push("text edit");
    }
  }
  const json = rng.int(4) === 0;
  let text = json
    ? JSON.stringify(config, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2)
    : YAML.stringify(config);
  for (const edit of edits) text = edit(text);
  return { file: json ? "c.json" : "c.yaml", text, done };
}

let root: string;
let restore: () => void;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-fuzz-"));
  // durability is not what the fuzz tests (test/train/disk-full.test.ts does): no fsync, so 2,000 runs stay quick
  restore = useFileSystem({ ...fs, fsyncSync: () => {} });
});
afterAll(() => {
  restore();
  fs.rmSync(root, { recursive: true, force: true });
});

describe(`the config fuzz (seed ${FUZZ_SEED}, ${MUTATIONS} mutations)`, () => {
  it("never exits 1, never prints a stack, prints only error lines under --quiet, and ends each run within 10 s", async () => {
    const rng = Rng.fromSeed(FUZZ_SEED);
    const codes = new Map<number, number>();
    let slowest = 0;
    for (let k = 0; k < MUTATIONS; k++) {
      const { file, text, done } = mutant(rng);
      // one folder for all: the config rewritten, the run written over the last one (--force)
      fs.writeFileSync(path.join(root, file), text);
      const io = capturedIo({ cwd: root });
      const started = performance.now();
      const code = await run(
        [
          "train",
          "--config",
          file,
          ...["--set", "optimizer.maxSteps=6", "--out", "run", "--force"],
          "--quiet",
          "--threads",
          "1",
        ],
        io,
      );
      const seconds = (performance.now() - started) / 1000;
      slowest = Math.max(slowest, seconds);
      const what = `mutation ${k} (${done.join("; ")}):\n${text.slice(0, 600)}\n→ exit ${code}: ${io.err()}`;
      expect([0, 2, 3], what).toContain(code);
      expect(io.err(), what).not.toMatch(/internal error|^\s+at /m);
      expect(
        io
          .err()
          .split("\n")
          .filter((l) => l !== "" && !l.startsWith("error: ")),
        what,
      ).toEqual([]);
      expect(seconds, what).toBeLessThan(10);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    const counts = Object.fromEntries([...codes].sort(([a], [b]) => a - b));
    console.info(
      `config fuzz: ${MUTATIONS} mutations, exit codes ${JSON.stringify(counts)}, slowest ${slowest.toFixed(2)} s`,
    );
    // both sides are exercised: configs that still train, and configs refused
    expect(codes.get(0) ?? 0).toBeGreaterThan(MUTATIONS / 10);
    expect(codes.get(2) ?? 0).toBeGreaterThan(MUTATIONS / 2);
  }, 300_000);
});
