/**
 * The optimizer a config's `optimizer` section describes, built once per run: the rule named by
 * optimizer.type (sgd, adam, adamw, rmsprop, adagrad; each in its own file, headed by its update
 * rule), with the config's hyper-parameters (per-type defaults already filled in by the schema).
 * An engine's vectorised updates are used where the rule has them (float32 buffers from that
 * engine); the plain loops in each optimizer's file are the reference they are tested against.
 */
import type { Precision, TrainConfig } from "../config/train-schema.js";
import { OPTIMIZER_DEFAULTS } from "../config/optimizer-defaults.js";
import type { UpdateKernels } from "../engine/engine.js";
import { createAdagrad } from "./adagrad.js";
import { createAdam } from "./adam.js";
import { createAdamW } from "./adamw.js";
import type { Optimizer } from "./optimizer.js";
import { createRmsprop } from "./rmsprop.js";
import { createSgd } from "./sgd.js";

export function createOptimizer(
  config: TrainConfig["optimizer"],
  precision: Precision,
  update?: UpdateKernels,
): Optimizer {
  const kernels = precision === "float32" ? (update ?? null) : null;
  const { momentum, weightDecay } = config;
  const epsilon = config.epsilon ?? OPTIMIZER_DEFAULTS[config.type].epsilon ?? 0;
  switch (config.type) {
    case "sgd":
      return createSgd({ momentum, nesterov: config.nesterov, weightDecay }, kernels);
    case "adam":
      return createAdam({ beta1: config.beta1, beta2: config.beta2, epsilon, weightDecay }, kernels);
    case "adamw":
      return createAdamW({ beta1: config.beta1, beta2: config.beta2, epsilon, weightDecay }, kernels);
    case "rmsprop":
      return createRmsprop({ alpha: config.alpha, epsilon, weightDecay, momentum, centered: config.centered }, kernels);
    case "adagrad":
      return createAdagrad({ epsilon, weightDecay }, kernels);
  }
}
