/**
 * Elementwise activation maps a = σ(z), each forward directly above its backward. The backward
 * is written from the OUTPUT a (so the pre-activation z need not be kept):
 *   relu        σ(z) = max(0, z)             σ' = 1 if a > 0 else 0
 *   leaky-relu  σ(z) = z if z > 0 else 0.01z  σ' = 1 if a > 0 else 0.01
 *   sigmoid     σ(z) = 1 / (1 + e^−z)         σ' = a(1 − a)
 *   tanh        σ(z) = tanh z                 σ' = 1 − a²          linear  σ(z) = z, σ' = 1
 */
import type { Activation } from "../config/train-schema.js";
import type { Float } from "../core/types.js";

export const LEAKY_SLOPE = 0.01;

/** a[0…n) = σ(z[0…n)); a may be z (in place). */
export function activationForward(kind: Activation, z: Float, a: Float, n: number): void {
  switch (kind) {
    case "relu":
      for (let i = 0; i < n; i++) a[i] = Math.max(z[i]!, 0);
      return;
    case "leaky-relu":
      for (let i = 0; i < n; i++) a[i] = z[i]! > 0 ? z[i]! : LEAKY_SLOPE * z[i]!;
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) a[i] = sigmoid(z[i]!);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
      return;
    case "linear":
      if (a !== z) for (let i = 0; i < n; i++) a[i] = z[i]!;
      return;
  }
}

/** dZ[0…n) = dA ⊙ σ'(z), with σ' read off a = σ(z); dZ may be dA (in place). */
export function activationBackward(kind: Activation, a: Float, dA: Float, dZ: Float, n: number): void {
  switch (kind) {
    case "relu":
      for (let i = 0; i < n; i++) dZ[i] = a[i]! > 0 ? dA[i]! : 0;
      return;
    case "leaky-relu":
      for (let i = 0; i < n; i++) dZ[i] = a[i]! > 0 ? dA[i]! : LEAKY_SLOPE * dA[i]!;
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) dZ[i] = dA[i]! * a[i]! * (1 - a[i]!);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) dZ[i] = dA[i]! * (1 - a[i]! * a[i]!);
      return;
    case "linear":
      if (dZ !== dA) for (let i = 0; i < n; i++) dZ[i] = dA[i]!;
      return;
  }
}

/** 1/(1+e^−z) without overflow: for z < 0 use e^z/(1+e^z). */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
