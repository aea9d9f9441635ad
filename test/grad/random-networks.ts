/**
 * Test support: seeded random networks and batches, an independent plain-loop forward pass (to
 * keep ReLU inputs off the kink), and the error measure used by every gradient comparison:
 *   relErr(a, b) = max over parameter tensors T of ‖a_T − b_T‖∞ / max(‖a_T‖∞, ‖b_T‖∞, 1e-12)
 * (normwise per tensor, so every tensor — biases included — must match at its own scale).
 */
import type { Activation, LossName } from "../../src/config/train-schema.js";
import type { Batch, Float } from "../../src/core/types.js";
import { createParams } from "../../src/model/init.js";
import { parameterTensors, layoutOf } from "../../src/model/layout.js";
import type { NetworkSpec, Precision } from "../../src/model/network-spec.js";
import { Rng } from "../../src/core/rng.js";

export const ACTIVATIONS: Activation[] = ["relu", "leaky-relu", "sigmoid", "tanh", "linear"];
export const LOSSES: LossName[] = ["mse", "cross-entropy"];

export interface Case {
  spec: NetworkSpec;
  w: Float;
  batch: Batch;
}

/** depth = number of weight layers; widths 1–8 (outputs ≥ 2 for cross-entropy); inputs N(0,1). */
export function randomCase(seed: number, depth: number, activation: Activation, loss: LossName, B: number): Case {
  const rng = Rng.fromSeed(seed);
  const sizes = [1 + rng.int(8)];
  for (let l = 1; l < depth; l++) sizes.push(1 + rng.int(8));
  sizes.push(loss === "cross-entropy" ? 2 + rng.int(7) : 1 + rng.int(8));
  const spec: NetworkSpec = { sizes, activation, loss, precision: "float64" };
  const w = createParams(layoutOf(spec), "xavier", rng);
  for (let k = 0; k < w.length; k++) w[k] = w[k]! + 0.1 * rng.normal(); // non-zero biases too
  const I = sizes[0]!,
    O = sizes[depth]!;
  const batch: Batch = {
    size: B,
    x: new Float64Array(B * I),
    labels: new Int32Array(B),
    targets: new Float64Array(B * O),
  };
  for (let k = 0; k < B * I; k++) batch.x[k] = rng.normal();
  for (let b = 0; b < B; b++) batch.labels[b] = rng.int(O);
  for (let k = 0; k < B * O; k++) batch.targets[k] = rng.normal();
  return { spec, w, batch };
}

/** Smallest |z| over every hidden pre-activation, by a plain forward pass written here. */
export function smallestHiddenPreactivation(c: Case): number {
  const { sizes } = c.spec;
  let smallest = Infinity,
    offset = 0;
  let a = Array.from(c.batch.x.subarray(0, c.batch.size * sizes[0]!));
  for (let l = 1; l < sizes.length; l++) {
    const I = sizes[l - 1]!,
      O = sizes[l]!,
      next: number[] = [];
    for (let b = 0; b < c.batch.size; b++) {
      for (let j = 0; j < O; j++) {
        let z = c.w[offset + O * I + j]!; // bias follows the weights
        for (let i = 0; i < I; i++) z += c.w[offset + j * I + i]! * a[b * I + i]!;
        if (l < sizes.length - 1) smallest = Math.min(smallest, Math.abs(z));
        next.push(l < sizes.length - 1 ? activate(c.spec.activation, z) : z);
      }
    }
    offset += O * I + O;
    a = next;
  }
  return smallest;
}

function activate(kind: Activation, z: number): number {
  if (kind === "relu") return Math.max(0, z);
  if (kind === "leaky-relu") return z > 0 ? z : 0.01 * z;
  if (kind === "sigmoid") return 1 / (1 + Math.exp(-z));
  return kind === "tanh" ? Math.tanh(z) : z;
}

/** A case whose ReLU-family inputs all stay at least `margin` from 0 (tries successive seeds). */
export function caseOffTheKink(
  seed: number,
  depth: number,
  activation: Activation,
  loss: LossName,
  B: number,
  margin = 1e-3,
): Case {
  for (let s = seed; ; s += 7919) {
    const c = randomCase(s, depth, activation, loss, B);
    if (smallestHiddenPreactivation(c) >= margin) return c;
  }
}

export function relErr(spec: NetworkSpec, a: Float, b: Float): number {
  let worst = 0;
  for (const t of parameterTensors(layoutOf(spec))) {
    let diff = 0,
      na = 0,
      nb = 0;
    for (let k = t.offset; k < t.offset + t.size; k++) {
      diff = Math.max(diff, Math.abs(a[k]! - b[k]!));
      na = Math.max(na, Math.abs(a[k]!));
      nb = Math.max(nb, Math.abs(b[k]!));
    }
    worst = Math.max(worst, diff / Math.max(na, nb, 1e-12));
  }
  return worst;
}

/** The same case in another precision (values rounded). */
export function inPrecision(c: Case, precision: Precision): Case {
  const make = precision === "float32" ? (a: Float) => new Float32Array(a) : (a: Float) => new Float64Array(a);
  return {
    spec: { ...c.spec, precision },
    w: make(c.w),
    batch: { size: c.batch.size, x: make(c.batch.x), labels: c.batch.labels, targets: make(c.batch.targets) },
  };
}
