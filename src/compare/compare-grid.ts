/**
 * The grid of networks: a depth sweep (each width H, depths L ascending), a width sweep (fixed L,
 * widths ascending), then the listed networks of any widths. Case (L, H) is the MLP I → H × L → O,
 * sizes = [I, H…H, O]; a network in both sweeps is built and timed once; a listed network is
 * sizes = [I, hidden × repeat, O]. Each case's weights and data come from its own seeded stream,
 * so a case gets the same numbers whatever else the grid holds.
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
    cases.set(id, { id, depth, width, sizes, sweeps: [sweep], family: `H${width}` });
  };
  for (const width of unique(config.depthSweep.widths)) {
    for (const depth of unique(config.depthSweep.depths).sort((a, b) => a - b)) add(depth, width, "depth");
  }
  for (const width of unique(config.widthSweep.widths).sort((a, b) => a - b))
    add(config.widthSweep.depth, width, "width");
  for (const net of config.networks) cases.set(net.name, networkCase(config, net));
  return [...cases.values()];
}

/** A listed network as a case: sizes [I, hidden × repeat, O]; uniform hidden widths still have width H. */
export function networkCase(
  config: Pick<CompareConfig, "inputs" | "outputs">,
  net: { name: string; hidden: readonly number[]; repeat: number },
): BenchCase {
  const hidden = Array.from({ length: net.repeat }, () => net.hidden).flat();
  const uniform = hidden.every((n) => n === hidden[0]);
  return {
    id: net.name,
    depth: hidden.length,
    width: uniform ? hidden[0]! : null,
    sizes: [config.inputs, ...hidden, config.outputs],
    sweeps: ["network"],
    family: net.name,
  };
}

/** Paths from a first-layer weight to the outputs: Π_{l ≥ 2} n_l (the output layer included). */
export function pathsPerWeight(sizes: readonly number[]): number {
  return sizes.slice(2).reduce((p, n) => p * n, 1);
}

export function caseNetwork(config: CompareConfig, benchCase: Pick<BenchCase, "sizes">): BenchNetwork {
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

/**
 * The case's own generator: derived from (seed, L, H) for a uniform sweep case, from (seed, sizes)
 * for a listed one, never from its place in the grid.
 */
export function caseRng(seed: number, benchCase: Pick<BenchCase, "depth" | "width" | "sizes" | "sweeps">): Rng {
  const { depth, width } = benchCase;
  if (width !== null && !benchCase.sweeps.includes("network"))
    return Rng.fromSeed(seed * 1_000_003 + depth * 65_537 + width);
  let h = seed >>> 0;
  for (const n of benchCase.sizes) h = (Math.imul(h ^ n, 0x01000193) + 0x9e3779b9) >>> 0; // FNV-style mix
  return Rng.fromSeed(h);
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
