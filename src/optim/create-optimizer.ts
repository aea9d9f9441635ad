/**
 * The optimizer a config's `optimizer` section describes, built once per run. An engine's
 * vectorised updates are used where the rule has them (float32 buffers from that engine); the
 * plain loops in each optimizer's file are the reference they are tested against.
 */
import type { Precision, TrainConfig } from "../config/train-schema.js";
import type { UpdateKernels } from "../engine/engine.js";
import type { Optimizer } from "./optimizer.js";
import { createSgd } from "./sgd.js";

export function createOptimizer(
  config: TrainConfig["optimizer"],
  precision: Precision,
  update?: UpdateKernels,
): Optimizer {
  const kernels = precision === "float32" ? (update ?? null) : null;
  return createSgd({ momentum: config.momentum, nesterov: config.nesterov, weightDecay: config.weightDecay }, kernels);
}
