/**
 * The `check` section of a train config: how `sgd check-gradients` checks the network's gradient.
 * A parameter passes, as in PyTorch's gradcheck, when |g_bp − g| ≤ atol + rtol·|g| for g the
 * central difference (C(w+εe_j) − C(w−εe_j)) / 2ε in float64 or the path-enumeration gradient.
 */
import { z } from "zod";

export const CheckConfig = z.strictObject({
  samples: z.int().positive().default(8).describe("training samples (seeded) the gradients are taken on"),
  parameters: z
    .int()
    .positive()
    .default(32)
    .describe("parameters differenced per tensor (seeded; all of a smaller tensor)"),
  epsilon: z.number().positive().default(1e-6).describe("central-difference step ε (the check runs in float64)"),
  atol: z.number().min(0).default(1e-5).describe("absolute tolerance: pass when |g_bp − g| ≤ atol + rtol·|g|"),
  rtol: z.number().min(0).default(1e-3).describe("relative tolerance: pass when |g_bp − g| ≤ atol + rtol·|g|"),
  pathBudget: z
    .number()
    .positive()
    .default(1e8)
    .describe("path enumeration runs when its predicted multiply-adds are at most this"),
});

export type CheckConfig = z.infer<typeof CheckConfig>;
