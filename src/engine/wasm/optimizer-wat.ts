/**
 * WAT generator for the adaptive optimizers' updates, elementwise over f32x4 (elementwise-wat.ts's
 * loop), each a single pass over its arrays (the plain loops in src/optim/ are the reference):
 *   adam(n, w, g, m, v, step, b1, c1, b2, c2, ibc, eps, l2, shrink)      (c1 = 1 − b1, c2 = 1 − b2)
 *       g' = g + l2·w;  m ← ftz(b1·m + c1·g');  v ← ftz(b2·v + c2·g'²)
 *       w ← shrink·w − step·m / (√v·ibc + eps)          (Adam: l2 = λ, shrink = 1; AdamW: l2 = 0)
 *   rmsprop(n, w, g, s, lr, alpha, c, eps, l2)                              (c = 1 − α)
 *       g' = g + l2·w;  s ← ftz(α·s + c·g'²);  w ← w − lr·g' / (√s + eps)
 *   adagrad(n, w, g, s, lr, eps, l2)
 *       g' = g + l2·w;  s ← s + g'²;  w ← w − lr·g' / (√s + eps)
 * ftz: an average below the smallest normal float32 (2^−126) becomes 0, as in sgd_momentum: an
 * average whose gradient stays 0 decays geometrically into subnormals, which x86 computes ~80×
 * slower. The sum of Adagrad never decays. 1 − β comes in as an argument, worked out in float64:
 * 1 − fround(0.999) would be 1.3e-5 off 0.001.
 */
import { elementwise, at } from "./elementwise-wat.js";
import { get, loadLanes, madd, set, storeLanes, type Flavour } from "./wat-simd.js";

const splat = (name: string, value: string): string => set(name, `(f32x4.splat ${value})`);
const mul = (a: string, b: string): string => `(f32x4.mul ${a} ${b})`;
/** The local `name` with lanes below 2^−126 in magnitude set to 0. */
const ftz = (name: string): string =>
  set(name, `(v128.and ${get(name)} (f32x4.ge (f32x4.abs ${get(name)}) (f32x4.splat (f32.const 0x1p-126))))`);

/** vw ← w, vg ← g + l2·w (the statements every update starts with). */
function decayedGradient(flavour: Flavour, lanes: 1 | 4, off: number): string {
  return `${set("vw", loadLanes(at("w"), lanes, off))}
    ${set("vg", madd(flavour, get("vl2"), get("vw"), loadLanes(at("g"), lanes, off)))}`;
}

function adam(flavour: Flavour): string {
  const setup = [
    splat("vstep", `(f32.neg ${get("step")})`),
    splat("vb1", get("b1")),
    splat("vc1", get("c1")),
    splat("vb2", get("b2")),
    splat("vc2", get("c2")),
    splat("vibc", get("ibc")),
    splat("veps", get("eps")),
    splat("vl2", get("l2")),
    splat("vshrink", get("shrink")),
  ].join(" ");
  const vectors = ["vw", "vg", "vm", "vv", "vstep", "vb1", "vc1", "vb2", "vc2", "vibc", "veps", "vl2", "vshrink"];
  return elementwise(
    "adam",
    ["w", "g", "m", "v"],
    ["step", "b1", "c1", "b2", "c2", "ibc", "eps", "l2", "shrink"],
    setup,
    (lanes, off) => `${decayedGradient(flavour, lanes, off)}
    ${set("vm", madd(flavour, get("vb1"), loadLanes(at("m"), lanes, off), mul(get("vc1"), get("vg"))))} ${ftz("vm")}
    ${storeLanes(at("m"), "vm", lanes, off)}
    ${set("vv", madd(flavour, get("vb2"), loadLanes(at("v"), lanes, off), mul(get("vc2"), mul(get("vg"), get("vg")))))}
    ${ftz("vv")} ${storeLanes(at("v"), "vv", lanes, off)}
    ${set("y", madd(flavour, get("vibc"), `(f32x4.sqrt ${get("vv")})`, get("veps")))}
    ${set("x", madd(flavour, get("vstep"), `(f32x4.div ${get("vm")} ${get("y")})`, mul(get("vw"), get("vshrink"))))}
    ${storeLanes(at("w"), "x", lanes, off)}`,
    vectors,
  );
}

function rmsprop(flavour: Flavour): string {
  const setup = [
    splat("vlr", `(f32.neg ${get("lr")})`),
    splat("va", get("alpha")),
    splat("vc", get("c")),
    splat("veps", get("eps")),
    splat("vl2", get("l2")),
  ].join(" ");
  return elementwise(
    "rmsprop",
    ["w", "g", "s"],
    ["lr", "alpha", "c", "eps", "l2"],
    setup,
    (lanes, off) => `${decayedGradient(flavour, lanes, off)}
    ${set("y", madd(flavour, get("va"), loadLanes(at("s"), lanes, off), mul(get("vc"), mul(get("vg"), get("vg")))))}
    ${ftz("y")} ${storeLanes(at("s"), "y", lanes, off)}
    ${set("z", `(f32x4.add (f32x4.sqrt ${get("y")}) ${get("veps")})`)}
    ${set("x", madd(flavour, get("vlr"), `(f32x4.div ${get("vg")} ${get("z")})`, get("vw")))}
    ${storeLanes(at("w"), "x", lanes, off)}`,
    ["vw", "vg", "va", "vc", "veps", "vl2"],
  );
}

function adagrad(flavour: Flavour): string {
  const setup = [splat("vlr", `(f32.neg ${get("lr")})`), splat("veps", get("eps")), splat("vl2", get("l2"))].join(" ");
  return elementwise(
    "adagrad",
    ["w", "g", "s"],
    ["lr", "eps", "l2"],
    setup,
    (lanes, off) => `${decayedGradient(flavour, lanes, off)}
    ${set("y", madd(flavour, get("vg"), get("vg"), loadLanes(at("s"), lanes, off)))}
    ${storeLanes(at("s"), "y", lanes, off)}
    ${set("z", `(f32x4.add (f32x4.sqrt ${get("y")}) ${get("veps")})`)}
    ${set("x", madd(flavour, get("vlr"), `(f32x4.div ${get("vg")} ${get("z")})`, get("vw")))}
    ${storeLanes(at("w"), "x", lanes, off)}`,
    ["vw", "vg", "veps", "vl2"],
  );
}

/** The three exports' text. */
export function optimizerUpdatesWat(flavour: Flavour): string {
  return [adam(flavour), rmsprop(flavour), adagrad(flavour)].join("\n");
}
