/**
 * Legend labels that name only what differs between runs: each config flattened to dotted keys
 * (optimizer.learningRate = 0.3, model.hidden = [8], …), the keys whose values are not all equal (the run's
 * name aside), each shown by its last segment ("learningRate=0.3"), or by more segments where two keys
 * would read the same. Runs whose configs are equal but for the name keep runLabels' names.
 */
import type { TrainConfig } from "../config/train-schema.js";
import { formatNumber } from "./number-format.js";
import type { TrainRun } from "./run-reader.js";
import { runLabels } from "./run-report-series.js";

/** "a.b.c" → value for every leaf of `value` (arrays are leaves) */
export function flatten(value: unknown, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** The dotted keys whose values differ between the configs, in the first config's key order. */
export function differingKeys(configs: readonly TrainConfig[]): string[] {
  const flat = configs.map((c) => flatten(c));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return keys.filter((k) => k !== "name" && new Set(flat.map((f) => JSON.stringify(f.get(k)))).size > 1);
}

/** The shortest dotted suffix of each key that no other key shares. */
export function shortKeys(keys: readonly string[]): string[] {
  return keys.map((key) => {
    const parts = key.split(".");
    for (let n = 1; n <= parts.length; n++) {
      const suffix = parts.slice(-n).join(".");
      if (keys.every((other) => other === key || !`.${other}`.endsWith(`.${suffix}`))) return suffix;
    }
    return key;
  });
}

export function formatValue(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v) ?? "–";
}

/** "short=value, …" of `keys` for one config */
export function labelOf(config: TrainConfig, keys: readonly string[], short: readonly string[]): string {
  const flat = flatten(config);
  return keys.map((k, i) => `${short[i]}=${formatValue(flat.get(k))}`).join(", ");
}

/** One label per run: what differs between them, or their names when nothing does. */
export function differenceLabels(runs: readonly TrainRun[]): string[] {
  const keys = differingKeys(runs.map((r) => r.config));
  if (keys.length === 0) return runLabels(runs);
  const short = shortKeys(keys);
  const labels = runs.map((r) => labelOf(r.config, keys, short));
  return new Set(labels).size === labels.length ? labels : runLabels(runs);
}
