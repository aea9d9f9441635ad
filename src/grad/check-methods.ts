/**
 * The methods `sgd check-gradients` compares with backprop (check-gradients.ts runs them), in a
 * module of their own so the CLI can list them in its help without loading the gradient code.
 */
export const CHECK_METHODS = ["finite-difference", "path-enumeration"] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];
