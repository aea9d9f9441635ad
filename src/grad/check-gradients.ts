/**
 * A gradient check of one network on one batch, tensor by tensor, in the manner of PyTorch's
 * gradcheck: backprop's g_bp against
 *   central differences  g_j = (C(w + εe_j) − C(w − εe_j)) / 2ε   on a seeded subset of each tensor
 *   path enumeration     every parameter, when its predicted multiply-adds fit the budget
 * A parameter passes when |g_bp,j − g_j| ≤ atol + rtol·|g_j|; a tensor's worst parameter is the one
 * with the largest ratio |g_bp,j − g_j| / (atol + rtol·|g_j|) (> 1 fails; NaN fails).
 */
import type { Batch, Float } from "../core/types.js";
import type { Rng } from "../core/rng.js";
import { typescriptEngine } from "../engine/typescript/typescript-engine.js";
import { parameterTensors, type ParameterLayout, type ParameterTensor } from "../model/layout.js";
import { createWorkspace, forwardLoss } from "../model/mlp.js";
import { estimatedMultiplyAdds } from "./cost-model.js";
import { finiteDifferenceRange } from "./finite-difference.js";
import { createGradientMethod } from "./index.js";
import { CHECK_METHODS, type CheckMethod } from "./check-methods.js";

export interface GradientCheckOptions {
  /** parameters differenced per tensor (all of a smaller tensor) */
  parameters: number;
  epsilon: number;
  atol: number;
  rtol: number;
  /** path enumeration runs when its predicted multiply-adds are at most this */
  pathBudget: number;
  /** which of "finite-difference" and "path-enumeration" to compare with backprop */
  methods: readonly CheckMethod[];
}

export { CHECK_METHODS, type CheckMethod };

/** The worst parameter of a tensor: where it is ([row, column] of W [O×I], or [j] of b), both values. */
export interface WorstParameter {
  index: number;
  position: number[];
  backprop: number;
  other: number;
  absError: number;
  /** atol + rtol·|other| */
  allowed: number;
}

export interface TensorCheck {
  tensor: string;
  method: CheckMethod;
  /** parameters compared, of `size` */
  checked: number;
  size: number;
  failures: number;
  worst: WorstParameter;
  passed: boolean;
}

export interface MethodRun {
  method: CheckMethod;
  ran: boolean;
  predictedMultiplyAdds: number;
  /** why it did not run */
  skipped: string | null;
}

export interface GradientCheckResult {
  loss: number;
  methods: MethodRun[];
  tensors: TensorCheck[];
  passed: boolean;
}

/** Check backprop on (w [p], batch) of the network `layout` describes; `rng` picks the differenced parameters. */
export function checkGradients(
  layout: ParameterLayout,
  w: Float,
  batch: Batch,
  options: GradientCheckOptions,
  rng: Rng,
): GradientCheckResult {
  const spec = layout.spec,
    p = w.length,
    B = batch.size;
  const gBp = new Float64Array(p);
  const loss = createGradientMethod({ method: "backprop" }, spec, B, typescriptEngine).compute(w, batch, gBp);
  const tensors = parameterTensors(layout);
  const methods: MethodRun[] = [];
  const checks: TensorCheck[] = [];
  if (options.methods.includes("finite-difference")) {
    const fd = new Float64Array(p);
    const ws = createWorkspace(spec, B, typescriptEngine);
    const lossOf = (v: Float): number => forwardLoss(ws, v, batch);
    const cost = 2 * options.parameters * tensors.length * estimatedMultiplyAdds({ method: "backprop" }, spec, B);
    methods.push({ method: "finite-difference", ran: true, predictedMultiplyAdds: cost, skipped: null });
    for (const t of tensors) {
      const picked = pickIndices(t, options.parameters, rng);
      for (const j of picked) finiteDifferenceRange(lossOf, w, fd, options.epsilon, "central", loss, j, j + 1);
      checks.push(compareTensor(t, "finite-difference", picked, gBp, fd, options));
    }
  }
  if (options.methods.includes("path-enumeration")) {
    const cost = estimatedMultiplyAdds({ method: "path-enumeration" }, spec, B);
    const ran = cost <= options.pathBudget;
    methods.push({
      method: "path-enumeration",
      ran,
      predictedMultiplyAdds: cost,
      skipped: ran ? null : `predicted ${cost.toExponential(2)} multiply-adds > budget ${options.pathBudget}`,
    });
    if (ran) {
      const g = new Float64Array(p);
      createGradientMethod({ method: "path-enumeration" }, spec, B, typescriptEngine).compute(w, batch, g);
      for (const t of tensors) {
        const all = Array.from({ length: t.size }, (_, k) => t.offset + k);
        checks.push(compareTensor(t, "path-enumeration", all, gBp, g, options));
      }
    }
  }
  return { loss, methods, tensors: checks, passed: checks.every((c) => c.passed) };
}

/** Every index of a tensor of at most `k` parameters, else k of them drawn without replacement, in order. */
function pickIndices(t: ParameterTensor, k: number, rng: Rng): number[] {
  if (t.size <= k) return Array.from({ length: t.size }, (_, i) => t.offset + i);
  const order = rng.permutation(t.size);
  return Array.from(order.subarray(0, k), (i) => t.offset + i).sort((a, b) => a - b);
}

function compareTensor(
  t: ParameterTensor,
  method: CheckMethod,
  indices: readonly number[],
  gBp: Float64Array,
  g: Float64Array,
  options: GradientCheckOptions,
): TensorCheck {
  let worst: WorstParameter | null = null,
    worstRatio = -1,
    failures = 0;
  for (const j of indices) {
    const absError = Math.abs(gBp[j]! - g[j]!);
    const allowed = options.atol + options.rtol * Math.abs(g[j]!);
    // NaN compares false: a non-finite value fails and counts as the worst
    const ratio = Number.isNaN(absError) ? Infinity : allowed > 0 ? absError / allowed : absError === 0 ? 0 : Infinity;
    if (!(absError <= allowed)) failures++;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { index: j, position: positionIn(t, j), backprop: gBp[j]!, other: g[j]!, absError, allowed };
    }
  }
  return {
    tensor: t.name,
    method,
    checked: indices.length,
    size: t.size,
    failures,
    worst: worst!,
    passed: failures === 0,
  };
}

/** [row, column] in the tensor's stored shape, or [j] of a bias. */
function positionIn(t: ParameterTensor, index: number): number[] {
  const k = index - t.offset;
  return t.shape.length === 2 ? [Math.floor(k / t.shape[1]!), k % t.shape[1]!] : [k];
}
