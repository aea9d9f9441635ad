/**
 * Watching one metric at each evaluation, Keras' EarlyStopping with the best weights always kept:
 *   improved  ⇔  best = none, or value < best − minDelta (min), or value > best + minDelta (max)
 *                (a NaN value never improves)
 *   improved:  best ← value, bestStep ← step, wait ← 0, and the caller copies w into the best weights
 *   otherwise: wait ← wait + 1; wait ≥ patience ends the run as "stopped-early"
 * Without early stopping (a validation split only) patience is ∞: the best weights are kept, the
 * run is never stopped. The state is plain numbers in TrainProgress, so a checkpoint keeps it exactly.
 */
import type { StopMonitor } from "../config/stop-checks.js";
import type { MetricsRow, MonitorState } from "./state.js";

export interface MonitorRule {
  monitor: StopMonitor;
  direction: "min" | "max";
  /** evaluations without improvement that stop the run (Infinity: never) */
  patience: number;
  minDelta: number;
}

export const initialMonitorState = (): MonitorState => ({ best: null, bestStep: null, wait: 0 });

/** What one evaluation means for the run; `state` is updated in place. */
export function observe(rule: MonitorRule, state: MonitorState, row: MetricsRow): "improved" | "waiting" | "stop" {
  const value = row[rule.monitor];
  if (value === null) throw new RangeError(`${rule.monitor} was not measured at step ${row.step}`);
  const better =
    !Number.isNaN(value) &&
    (state.best === null ||
      (rule.direction === "min" ? value < state.best - rule.minDelta : value > state.best + rule.minDelta));
  if (better) {
    state.best = value;
    state.bestStep = row.step;
    state.wait = 0;
    return "improved";
  }
  state.wait++;
  return state.wait >= rule.patience ? "stop" : "waiting";
}
