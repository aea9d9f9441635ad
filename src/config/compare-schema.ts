/**
 * The benchmark config of `sgd compare-gradients`: which networks to build (a depth
 * sweep at fixed widths, a width sweep at fixed depth), which gradient methods to time, how
 * often, and how far a method may disagree with backprop. Depth L = hidden layers of width H,
 * so a case is the MLP I → H × L → O. Objects are strict; every optional key has its default.
 * Counts, sizes and times are bounded (MAX_*) so that no config can make the benchmark run for days;
 * the memory of the largest case is checked before it starts (compare/compare-grid.ts).
 *   a method passes when max_i |g_i − g_bp,i| / max(1, |g_bp,i|) ≤ tolerance
 */
import { z } from "zod";
import { COMPARE_METHODS } from "./gradient-methods.js";
import { RunName } from "./run-name.js";
import { ACTIVATIONS, INITS, LOSSES, PRECISIONS } from "./train-schema.js";

const positiveInt = z.int().positive();

/** Bounds: list lengths, depths, widths (also inputs, outputs, batch), repeats, seconds. */
export const MAX_LIST = 100;
export const MAX_DEPTH = 1000;
export const MAX_WIDTH = 1_000_000;
export const MAX_REPEATS = 1000;
export const MAX_SECONDS = 3600;
const width = positiveInt.max(MAX_WIDTH);
const seconds = z.number().min(0).max(MAX_SECONDS);

export { COMPARE_METHODS, type CompareMethodId } from "./gradient-methods.js";

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const DepthSweepConfig = z.strictObject({
  widths: z.array(width).max(MAX_LIST).default([2, 3, 16]).describe("hidden width H of each depth sweep"),
  depths: z
    .array(positiveInt.max(MAX_DEPTH))
    .max(MAX_LIST)
    .default(range(1, 20))
    .describe("depths L (hidden layers) to run at each width"),
});

export const WidthSweepConfig = z.strictObject({
  depth: positiveInt.max(MAX_DEPTH).default(3).describe("fixed depth L of the width sweep"),
  widths: z
    .array(width)
    .max(MAX_LIST)
    .default([2, 4, 8, 16, 32, 64])
    .describe("widths H to run at that depth (empty: no width sweep)"),
});

export const NetworkConfig = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "a letter, then letters, digits, '_', '.' or '-'")
    .describe("the case id, e.g. article (distinct from the sweeps' L<depth>-H<width> ids)"),
  hidden: z.array(positiveInt).min(1).describe("hidden widths n_1, n_2, …, input side first"),
  repeat: positiveInt.default(1).describe("the hidden list repeated this many times ([3,3,3,2] × 5: 20 layers)"),
});

export const CompareConfig = z.strictObject({
  $schema: z.string().optional().describe("path or URL of the JSON Schema, for editors"),
  name: RunName.default("compare-gradients"),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1)
    .describe("seeds every case's weights and data"),
  inputs: width.default(4).describe("I: input features of every case"),
  outputs: width.default(2).describe("O: outputs (classes for cross-entropy)"),
  batchSize: width.default(8).describe("B: samples in the batch whose gradient is computed"),
  activation: z
    .enum(ACTIVATIONS)
    .default("tanh")
    .describe("hidden activation (smooth ones keep finite differences honest)"),
  init: z.enum(INITS).default("xavier"),
  loss: z.enum(LOSSES).default("cross-entropy"),
  precision: z.enum(PRECISIONS).default("float64"),
  methods: z
    .array(z.enum(COMPARE_METHODS))
    .min(1)
    .max(COMPARE_METHODS.length)
    .default([...COMPARE_METHODS])
    .describe("methods to time; backprop always runs, as the reference"),
  epsilon: z.number().positive().default(1e-6).describe("finite-difference step ε"),
  depthSweep: DepthSweepConfig.prefault({}),
  widthSweep: WidthSweepConfig.prefault({}),
  networks: z
    .array(NetworkConfig)
    .default([])
    .superRefine((nets, ctx) => {
      const seen = new Set<string>();
      nets.forEach((n, i) => {
        const clash = /^L\d+-H\d+$/.test(n.name)
          ? "the sweeps' L<depth>-H<width> ids"
          : seen.has(n.name)
            ? "another network's"
            : null;
        if (clash !== null)
          ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${n.name}" is ${clash} name; choose another` });
        seen.add(n.name);
      });
    })
    .describe("networks of any widths, each one case (besides the sweeps)"),
  warmup: z.int().min(0).max(MAX_REPEATS).default(1).describe("untimed calls before timing"),
  warmupSeconds: seconds.default(0.02).describe("and keep warming up (untimed) until this long has passed"),
  repeats: positiveInt.max(MAX_REPEATS).default(9).describe("timed samples per method and case (fastest, median, max)"),
  minSampleSeconds: z
    .number()
    .min(0)
    .max(10)
    .default(0.01)
    .describe("fast calls are repeated until one timed sample lasts this long"),
  budgetSeconds: z
    .number()
    .positive()
    .max(MAX_SECONDS)
    .default(4)
    .describe("per case and method: skip (recording the prediction) when the predicted time exceeds this"),
  tolerance: z.number().positive().default(1e-4).describe("max |g − g_bp| / max(1, |g_bp|) before exit 3"),
});

/** A validated benchmark config with every default filled in. */
export type CompareConfig = z.infer<typeof CompareConfig>;

/**
 * `--quick`: a grid for CI that finishes in seconds. Applied as `--set` assignments before the
 * user's own, so an explicit `--set` still wins.
 */
export const QUICK_SETS: readonly string[] = [
  "depthSweep.widths=[2, 3]",
  "depthSweep.depths=[1, 2, 3, 4, 5, 6]",
  "widthSweep.depth=2",
  "widthSweep.widths=[2, 4, 8]",
  "warmup=1",
  "warmupSeconds=0.005",
  "repeats=5",
  "minSampleSeconds=0.0005",
  "budgetSeconds=0.5",
];

/** The article's network: 20 hidden layers of widths 3,3,3,2 repeated; with I = 1, O = 3 a first-layer weight has
 *  3·3·2·(3·3·3·2)⁴·3 = 4.59e8 ≈ 0.95·e^20 paths to the outputs. */
export const ARTICLE_NETWORK = { name: "article", hidden: [3, 3, 3, 2], repeat: 5 } as const;

/**
 * `--article`: the tutorial's 20-layer claim measured on one network. One sample (B = 1) and one input keep
 * path enumeration's ~8.8e9 multiply-adds to a minute or two; each method is timed once (backprop and finite
 * differences averaged over ≥ 0.5 s of calls, path enumeration one call) and nothing is skipped.
 */
export const ARTICLE_SETS: readonly string[] = [
  "name=article",
  "inputs=1",
  "outputs=3",
  "batchSize=1",
  "depthSweep.widths=[]",
  "widthSweep.widths=[]",
  `networks=[{name: ${ARTICLE_NETWORK.name}, hidden: [${ARTICLE_NETWORK.hidden.join(", ")}], ` +
    `repeat: ${ARTICLE_NETWORK.repeat}}]`,
  "warmup=0",
  "warmupSeconds=0",
  "repeats=1",
  "minSampleSeconds=0.5",
  "budgetSeconds=3600",
];
