/**
 * The config a run keeps: `--config FILE` plus `--set`s, validated, with data file paths made
 * absolute (relative ones are taken from the config file's folder) and the editor-only
 * "$schema" key dropped — so the run directory's config.json means the same from anywhere.
 */
import path from "node:path";
import { loadTrainConfig } from "../config/load-config.js";
import type { TrainConfig } from "../config/train-schema.js";

export function loadRunConfig(file: string, sets: readonly string[], cwd: string): TrainConfig {
  return absoluteDataPaths(loadTrainConfig(file, sets, cwd), path.dirname(path.resolve(cwd, file)));
}

/** `config` with its data file paths resolved against `baseDir` and the "$schema" key dropped. */
export function absoluteDataPaths(withSchema: TrainConfig, baseDir: string): TrainConfig {
  const { $schema: _editorOnly, ...config } = withSchema;
  const d = config.data;
  const abs = (p: string) => path.resolve(baseDir, p);
  if (d.source === "csv") return { ...config, data: { ...d, path: abs(d.path) } };
  if (d.source === "idx") {
    return {
      ...config,
      data: {
        ...d,
        trainImages: abs(d.trainImages),
        trainLabels: abs(d.trainLabels),
        testImages: abs(d.testImages),
        testLabels: abs(d.testLabels),
      },
    };
  }
  return config;
}
