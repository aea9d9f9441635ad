/**
 * A fake numerical core for benchmark tests: methods whose cost (multiply-adds) is a formula of
 * (depth L, width H) chosen by the test, that advance a fake clock by cost / RATE seconds, and
 * whose gradient is g_i = (i + 1)·w_i (so agreement is known exactly). One method can be made
 * wrong at one parameter.
 */
import type { GradientMethod } from "../../src/grad/gradient-method.js";
import type { Batch, Float } from "../../src/core/types.js";
import type { CompareMethodId } from "../../src/config/compare-schema.js";
import type { BenchBackend, BenchNetwork } from "../../src/compare/compare-types.js";
import type { Clock } from "../../src/compare/timing.js";
import { locateParameter, networkSpec } from "../../src/compare/core-backend.js";
import { parameterCount } from "../../src/compare/compare-grid.js";
import { layoutOf } from "../../src/model/layout.js";

/** multiply-adds per second of every fake method */
export const RATE = 1e6;

export class FakeClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
}

export type CostFormula = (depth: number, width: number) => number;

export interface FakeOptions {
  clock: FakeClock;
  costs: Record<CompareMethodId, CostFormula>;
  /** this method adds `by` to parameter `index` of its gradient */
  wrong?: { method: CompareMethodId; index: number; by: number };
}

export interface FakeBackend extends BenchBackend {
  /** compute() calls per network ("4-3-3-2") and method */
  calls: Map<string, number>;
}

const shapeOf = (net: BenchNetwork) => ({ depth: net.sizes.length - 2, width: net.sizes[1]! });

export function fakeBackend(options: FakeOptions): FakeBackend {
  const calls = new Map<string, number>();
  return {
    calls,
    createMethod(method, net): GradientMethod {
      const { depth, width } = shapeOf(net);
      const madds = options.costs[method](depth, width);
      const key = `${net.sizes.join("-")} ${method}`;
      return {
        name: method,
        compute(w: Float, _batch: Batch, dw: Float): number {
          calls.set(key, (calls.get(key) ?? 0) + 1);
          options.clock.t += madds / RATE;
          let loss = 0;
          for (let i = 0; i < w.length; i++) {
            dw[i] = (i + 1) * w[i]!;
            loss += w[i]! * w[i]!;
          }
          const wrong = options.wrong;
          if (wrong && wrong.method === method) dw[wrong.index]! += wrong.by;
          return loss;
        },
        lastCost: () => ({ multiplyAdds: madds, forwardPasses: madds / 100 }),
      };
    },
    predictCost(method, net) {
      const { depth, width } = shapeOf(net);
      const madds = options.costs[method](depth, width);
      return { multiplyAdds: madds, forwardPasses: madds / 100 };
    },
    createParams(net, rng) {
      const w = new Float64Array(parameterCount(net.sizes));
      for (let i = 0; i < w.length; i++) w[i] = rng.normal();
      return w;
    },
    locate(net, index) {
      return locateParameter(layoutOf(networkSpec(net)), index);
    },
  };
}

/** BP ∝ L, FD ∝ L², path enumeration ∝ H^L: the growth the real methods have. */
export const TEXTBOOK_COSTS: Record<CompareMethodId, CostFormula> = {
  backprop: (L) => 100 * L,
  "finite-difference-central": (L) => 50 * L * L,
  "finite-difference-forward": (L) => 25 * L * L,
  "path-enumeration": (L, H) => 1000 * H ** L,
};
