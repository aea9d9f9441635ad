/**
 * The config a run keeps: `--config FILE` plus `--set`s, validated, with data file paths made
 * absolute and the editor-only "$schema" key dropped — so the run directory's config.json means
 * the same from anywhere. The rule for a relative data path: one written in the config file is
 * taken from the config file's folder; one given by `--set` (or `--grid`) from the working
 * directory, as a shell user expects (docs/config.md).
 */
import path from "node:path";
import { parseSet } from "../config/config-sets.js";
import { loadTrainConfig } from "../config/load-config.js";
import type { TrainConfig } from "../config/train-schema.js";

const PATH_KEYS = ["path", "trainImages", "trainLabels", "testImages", "testLabels"] as const;

export function loadRunConfig(file: string, sets: readonly string[], cwd: string): TrainConfig {
  const fromSet = new Set(
    PATH_KEYS.filter((key) =>
      sets.some((s) => {
        const segments = parseSet(s).segments;
        return segments[0] === "data" && (segments.length === 1 || (segments.length === 2 && segments[1] === key));
      }),
    ),
  );
  return absoluteDataPaths(loadTrainConfig(file, sets, cwd), path.dirname(path.resolve(cwd, file)), fromSet, cwd);
}

/**
 * `config` with its data file paths made absolute and the "$schema" key dropped: each path is
 * taken from `baseDir`, but the keys in `fromSet` from `cwd` (their value came from a --set).
 */
export function absoluteDataPaths(
  withSchema: TrainConfig,
  baseDir: string,
  fromSet: ReadonlySet<string> = new Set(),
  cwd = baseDir,
): TrainConfig {
  const { $schema: _editorOnly, ...config } = withSchema;
  const d: Record<string, unknown> = { ...config.data };
  for (const key of PATH_KEYS) {
    const p = d[key];
    if (typeof p === "string") d[key] = path.resolve(fromSet.has(key) ? cwd : baseDir, p);
  }
  return { ...config, data: d as TrainConfig["data"] };
}
