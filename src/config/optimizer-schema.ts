/**
 * The `optimizer` section of the train config: the update rule (optimizer.type), its
 * hyper-parameters with PyTorch's defaults for the chosen rule (optimizer-defaults.ts), the batch
 * size, the learning rate and its schedule γ_n, and the run length.
 */
import { z } from "zod";
import { OPTIMIZERS, optimizerKeyIssues, SHARED_DEFAULTS, withOptimizerDefaults } from "./optimizer-defaults.js";

const positiveInt = z.int().positive();

export const ScheduleConfig = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("constant").describe("γ_n = γ0") }),
  z.strictObject({
    type: z.literal("step").describe("γ_n = γ0 · factor^⌊n / every⌋"),
    every: positiveInt.describe("steps between decays"),
    factor: z.number().gt(0).lte(1).default(0.1).describe("multiplier applied every `every` steps"),
  }),
  z.strictObject({
    type: z.literal("exponential").describe("γ_n = γ0 · decay^n"),
    decay: z.number().gt(0).lte(1).describe("γ_n = γ0 · decay^n"),
  }),
  z.strictObject({
    type: z.literal("inverse-time").describe("γ_n = γ0 / (1 + k·n)"),
    k: z.number().min(0).describe("γ_n = γ0 / (1 + k·n)"),
  }),
  z.strictObject({
    type: z.literal("cosine").describe("γ_n = γ_min + (γ0 − γ_min)(1 + cos(π·min(n, T)/T))/2"),
    minLearningRate: z.number().min(0).default(0).describe("γ_min, reached at step T (at most optimizer.learningRate)"),
    steps: positiveInt.nullable().default(null).describe("period in steps (null: the whole run)"),
  }),
]);

export const OptimizerConfig = z
  .strictObject({
    type: z
      .enum(OPTIMIZERS)
      .default("sgd")
      .describe("the update rule (docs/train.md#optimizers); the gradient method does not know which"),
    batchSize: z
      .union([positiveInt, z.literal("full")])
      .default(32)
      .describe('1 = SGD, "full" = gradient descent'),
    learningRate: z
      .number()
      .positive()
      .optional()
      .describe("γ0, the step size (unset: sgd 0.05, adam and adamw 0.001, rmsprop and adagrad 0.01)"),
    schedule: ScheduleConfig.prefault({ type: "constant" }).describe("how γ_n changes with the step n"),
    momentum: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .describe("μ (sgd, rmsprop): v ← μ·v + ∇C, w ← w − γ_n·v (PyTorch convention; 0 = none)"),
    nesterov: z.boolean().default(false).describe("sgd: Nesterov momentum, step along ∇C + μ·v instead of v"),
    weightDecay: z
      .number()
      .min(0)
      .optional()
      .describe("λ: L2 penalty, adds λ·w to the gradient; adamw: decoupled, w ← (1 − γλ)·w (unset: 0, adamw 0.01)"),
    beta1: z
      .number()
      .min(0)
      .lt(1)
      .default(SHARED_DEFAULTS.beta1)
      .describe("adam, adamw: decay β1 of the gradient average m"),
    beta2: z
      .number()
      .min(0)
      .lt(1)
      .default(SHARED_DEFAULTS.beta2)
      .describe("adam, adamw: decay β2 of the squared-gradient average v"),
    alpha: z
      .number()
      .min(0)
      .lt(1)
      .default(SHARED_DEFAULTS.alpha)
      .describe("rmsprop: decay α of the squared-gradient average"),
    centered: z
      .boolean()
      .default(SHARED_DEFAULTS.centered)
      .describe("rmsprop: divide by the gradient's estimated variance"),
    epsilon: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe("ε added to the denominator (unset: 1e-8, adagrad 1e-10; null for sgd, which has none)"),
    epochs: positiveInt.default(5).describe("passes over the training set"),
    maxSteps: positiveInt
      .nullable()
      .default(null)
      .describe("stop after this many updates, even mid-epoch (null: no limit)"),
  })
  .superRefine((o, ctx) => {
    for (const [key, message] of optimizerKeyIssues(o)) ctx.addIssue({ code: "custom", path: [key], message });
  })
  .transform(withOptimizerDefaults);

export type OptimizerConfig = z.infer<typeof OptimizerConfig>;
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;
