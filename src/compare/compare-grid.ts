/**
 * The grid of networks: a depth sweep (each width H, depths L ascending) then a width sweep
 * (fixed L, widths ascending). Case (L, H) is the MLP I → H × L → O, sizes = [I, H…H, O];
 * a network in both sweeps is built and timed once. Each case's weights and data come from its
 * own seeded stream, so a case gets the same numbers whatever else the grid holds.
 * checkGridMemory refuses, before anything is built, a grid whose largest case cannot fit.
 */
import type { CompareConfig } from "../config/compare-schema.js";
import { Rng } from "../core/rng.js";
import { networkParts, refuseIfTooBig } from "../model/memory-estimate.js";
import type { BenchCase, BenchNetwork } from "./compare-types.js";

export function caseId(depth: number, width: number): string {
  return `L${depth}-H${width}`;
}

export function expandGrid(config: CompareConfig): BenchCase[] {
  const cases = new Map<string, BenchCase>();
  const add = (depth: number, width: number, sweep: "depth" | "width"): void => {
    const id = caseId(depth, width);
    const existing = cases.get(id);
    if (existing) {
      if (!existing.sweeps.includes(sweep)) existing.sweeps.push(sweep);
      return;
    }
    const sizes = [config.inputs, ...Array.from({ length: depth }, () => width), config.outputs];
    cases.set(id, { id, depth, width, sizes, sweeps: [sweep] });
  };
  for (const width of unique(config.depthSweep.widths)) {
    for (const depth of unique(config.depthSweep.depths).sort((a, b) => a - b)) add(depth, width, "depth");
  }
  for (const width of unique(config.widthSweep.widths).sort((a, b) => a - b))
    add(config.widthSweep.depth, width, "width");
  return [...cases.values()];
}

export function caseNetwork(config: CompareConfig, benchCase: BenchCase): BenchNetwork {
  return {
    sizes: benchCase.sizes,
    activation: config.activation,
    loss: config.loss,
    precision: config.precision,
    init: config.init,
  };
}

/** p = Σ_l (n_{l-1} + 1)·n_l : weights and biases of every layer. */
export function parameterCount(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += (sizes[l - 1]! + 1) * sizes[l]!;
  return p;
}

/** The case's own generator: derived from (seed, L, H) only, never from its place in the grid. */
export function caseRng(seed: number, depth: number, width: number): Rng {
  return Rng.fromSeed(seed * 1_000_003 + depth * 65_537 + width);
}

function unique(xs: readonly number[]): number[] {
  return [...new Set(xs)];
}

/**
 * The largest case's memory (its w and a gradient per method, the batch's activations once per
 * method) and, with --save-gradients, the text of its JSON files; refused over `memory` bytes.
 */
export function checkGridMemory(config: CompareConfig, saveGradients: boolean, memory: number): void {
  const b = config.precision === "float32" ? 4 : 8;
  const copies = 2 + config.methods.length;
  for (const benchCase of expandGrid(config)) {
    const net = networkParts(benchCase.sizes, b, config.batchSize * copies, copies);
    const p = parameterCount(benchCase.sizes);
    const text = saveGradients ? 32 * p * copies : 0;
    const widest = config.batchSize * Math.max(...benchCase.sizes);
    refuseIfTooBig(
      { ...net, engine: 0, dataset: config.batchSize * (config.inputs + config.outputs) * 8, files: 2 * text },
      { memory, largestArray: Math.max(p, widest), largestText: text / copies },
      `case ${benchCase.id}`,
      "make depthSweep/widthSweep, inputs, outputs or batchSize smaller",
    );
  }
}
