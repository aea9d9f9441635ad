/**
 * The one way a command gets its config:  file → parse (JSON/YAML) → apply --set → validate.
 *   loadConfig(schema, path | null, sets, cwd)   any config schema; path null = defaults + --set only
 *   loadTrainConfig(path, sets, cwd)             the `sgd train` config (docs/config.md)
 * Errors: InvalidConfigError (exit 2) naming file:line, key path, expected and found; a bad
 * --set argument is a UsageError (exit 2).
 */
import type { z } from "zod";
import { applySets } from "./config-sets.js";
import { loadConfigFile } from "./config-file.js";
import { SourceMap } from "./source-map.js";
import { TrainConfig } from "./train-schema.js";
import { validateConfig } from "./validate-config.js";

export function loadConfig<T>(schema: z.ZodType<T>, path: string | null, sets: readonly string[], cwd: string): T {
  const { value, where } = path === null ? { value: {}, where: new SourceMap(null) } : loadConfigFile(path, cwd);
  const raw = applySets(value, sets, schema, where);
  return validateConfig(schema, raw, where);
}

export function loadTrainConfig(path: string, sets: readonly string[], cwd: string): TrainConfig {
  return loadConfig(TrainConfig, path, sets, cwd);
}
