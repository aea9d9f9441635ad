/**
 * The gradient methods by name, listed once. The train schema, the compare-gradients schema and
 * the method factory (src/grad/index.ts) all derive from these lists:
 *   backprop            the chain rule with its shared products memoized, layer by layer
 *   finite-difference   ∂C/∂w_j ≈ (C(w + εe_j) − C(w − εe_j)) / 2ε (central) or (C(w + εe_j) − C(w)) / ε (forward)
 *   path-enumeration    the chain rule summed path by path (exponential in depth: compare-gradients only)
 */
export const GRADIENT_METHODS = ["backprop", "finite-difference", "path-enumeration"] as const;
export type GradientMethodName = (typeof GRADIENT_METHODS)[number];

/** The methods `sgd train` trains with: all but path enumeration. */
export const TRAINING_GRADIENT_METHODS = GRADIENT_METHODS.filter((m) => m !== "path-enumeration") as [
  "backprop",
  "finite-difference",
];

export const DIFFERENCE_SCHEMES = ["central", "forward"] as const;
export type DifferenceScheme = (typeof DIFFERENCE_SCHEMES)[number];

/** How compare-gradients names a method in configs, results and tables: finite differences once per scheme. */
export type CompareMethodId =
  | Exclude<GradientMethodName, "finite-difference">
  | `finite-difference-${DifferenceScheme}`;
export const COMPARE_METHODS = GRADIENT_METHODS.flatMap((m): CompareMethodId[] =>
  m === "finite-difference" ? DIFFERENCE_SCHEMES.map((s) => `${m}-${s}` as const) : [m],
) as [CompareMethodId, ...CompareMethodId[]];
