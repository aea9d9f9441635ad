/**
 * The optimizers `optimizer.type` names and the defaults that depend on which one it is, as
 * PyTorch's torch.optim has them (sgd's γ0 = 0.05 is this tool's own, from before the others):
 *   type      γ0 (learningRate)   λ (weightDecay)   ε (epsilon)
 *   sgd       0.05                0                 —
 *   adam      0.001               0  (L2)           1e-8
 *   adamw     0.001               0.01 (decoupled)  1e-8
 *   rmsprop   0.01                0                 1e-8
 *   adagrad   0.01                0                 1e-10
 * A key a config leaves out takes its type's default; the resolved config (config.json) holds the number.
 */

export const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop", "adagrad"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const OPTIMIZER_DEFAULTS: Record<
  OptimizerName,
  { learningRate: number; weightDecay: number; epsilon: number | null }
> = {
  sgd: { learningRate: 0.05, weightDecay: 0, epsilon: null },
  adam: { learningRate: 1e-3, weightDecay: 0, epsilon: 1e-8 },
  adamw: { learningRate: 1e-3, weightDecay: 1e-2, epsilon: 1e-8 },
  rmsprop: { learningRate: 1e-2, weightDecay: 0, epsilon: 1e-8 },
  adagrad: { learningRate: 1e-2, weightDecay: 0, epsilon: 1e-10 },
};

/** Which optimizers read the keys that only some of them have. */
const USED_BY: Record<
  "momentum" | "nesterov" | "epsilon" | "beta1" | "beta2" | "alpha" | "centered",
  readonly OptimizerName[]
> = {
  momentum: ["sgd", "rmsprop"],
  nesterov: ["sgd"],
  epsilon: ["adam", "adamw", "rmsprop", "adagrad"],
  beta1: ["adam", "adamw"],
  beta2: ["adam", "adamw"],
  alpha: ["rmsprop"],
  centered: ["rmsprop"],
};

/** The schema's defaults of the keys only some optimizers read (their neutral values for the others). */
export const SHARED_DEFAULTS = { beta1: 0.9, beta2: 0.999, alpha: 0.99, centered: false } as const;

interface OptimizerKeys {
  type: OptimizerName;
  momentum: number;
  nesterov: boolean;
  epsilon?: number | null | undefined;
  beta1: number;
  beta2: number;
  alpha: number;
  centered: boolean;
}

/**
 * Keys set to something the chosen optimizer would silently ignore (momentum > 0 for adam, beta1 ≠ 0.9
 * for sgd, say), as [key, message] pairs; a key left at its neutral value (momentum 0, the schema's
 * default β1 0.9, β2 0.999, α 0.99, centered false) is not an issue, so a resolved config.json reads back.
 */
export function optimizerKeyIssues(o: OptimizerKeys): [keyof OptimizerKeys, string][] {
  const issues: [keyof OptimizerKeys, string][] = [];
  const unused = (key: keyof typeof USED_BY, set: boolean, hint: string): void => {
    if (set && !USED_BY[key].includes(o.type)) {
      issues.push([key, `${o.type} has no ${key} (used by ${USED_BY[key].join(", ")})${hint}`]);
    }
  };
  const betas = o.type === "adam" || o.type === "adamw" ? "; its averaging is optimizer.beta1 and beta2" : "";
  unused("momentum", o.momentum > 0, betas);
  unused("nesterov", o.nesterov, "");
  unused("epsilon", o.epsilon !== undefined && o.epsilon !== null, "");
  for (const key of ["beta1", "beta2", "alpha", "centered"] as const) unused(key, o[key] !== SHARED_DEFAULTS[key], "");
  if (o.nesterov && o.momentum === 0) issues.push(["nesterov", "Nesterov momentum needs optimizer.momentum > 0"]);
  return issues;
}

/** The config's optimizer with every key left out that has a per-type default filled in. */
export function withOptimizerDefaults<
  T extends { type: OptimizerName; learningRate?: number; weightDecay?: number; epsilon?: number | null },
>(o: T): T & { learningRate: number; weightDecay: number; epsilon: number | null } {
  const d = OPTIMIZER_DEFAULTS[o.type];
  return {
    ...o,
    learningRate: o.learningRate ?? d.learningRate,
    weightDecay: o.weightDecay ?? d.weightDecay,
    epsilon: o.epsilon ?? d.epsilon,
  };
}
