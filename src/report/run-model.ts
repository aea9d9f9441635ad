/**
 * What `sgd evaluate` reads from a run directory: model.json (network, weights w, and the extras
 * it needs to be used alone: task, class names, the input normalization x' = (x − offset)/scale
 * fitted at training time) and config.json with `--set data.…` overrides applied.
 * A missing, corrupt or other-version file is a DataError (exit 2) naming the file.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { applySets, parseSet } from "../config/config-sets.js";
import { loadConfigFile } from "../config/config-file.js";
import { TrainConfig } from "../config/train-schema.js";
import { parseOrExplain, validateConfig } from "../config/validate-config.js";
import type { Normalization, Task } from "../data/dataset.js";
import { DataError, UsageError } from "../core/errors.js";
import { fromModelJson, type LoadedModel } from "../model/model-json.js";
import { RUN_FILES } from "./run-directory.js";
import { readJsonFile } from "./run-reader.js";

const Extras = z.looseObject({
  task: z.enum(["classification", "regression"]).optional(),
  dataset: z.string().optional(),
  classNames: z.array(z.string()).nullable().optional(),
  normalization: z
    .strictObject({
      kind: z.enum(["none", "minmax", "standard"]),
      offset: z.array(z.number()).nullable(),
      scale: z.array(z.number()).nullable(),
    })
    .optional(),
  features: z.array(z.string()).optional(),
  target: z.string().optional(),
});

export interface RunModel {
  file: string;
  model: LoadedModel;
  task: Task;
  /** the dataset the model was trained on, e.g. "synthetic:moons" */
  dataset: string | null;
  classNames: string[] | null;
  /** fitted on the training split; null when the file carries none */
  normalization: Normalization | null;
  /** [I] the input columns' names (model files before they were recorded: null) */
  features: string[] | null;
  /** the target column's name, or null when not recorded */
  target: string | null;
}

export function readRunModel(dir: string): RunModel {
  const file = path.join(dir, RUN_FILES.model);
  if (!fs.existsSync(file)) throw new DataError(`${file}: not found (is ${dir} a run directory of sgd train?)`);
  const model = fromModelJson(readJsonFile(file), file);
  const parsed = parseOrExplain(Extras, model.extras);
  if ("problem" in parsed) throw new DataError(`${file}: ${parsed.problem}`);
  const extras = parsed.value;
  const inputs = model.spec.sizes[0]!;
  const n = extras.normalization;
  if (n && n.kind !== "none" && (n.offset?.length !== inputs || n.scale?.length !== inputs)) {
    throw new DataError(
      `${file}: normalization: ${n.kind} needs offset and scale of length ${inputs} (the model's inputs)`,
    );
  }
  return {
    file,
    model,
    task: extras.task ?? (model.spec.loss === "cross-entropy" ? "classification" : "regression"),
    dataset: extras.dataset ?? null,
    classNames: extras.classNames ?? null,
    normalization: n ?? null,
    features: extras.features ?? null,
    target: extras.target ?? null,
  };
}

/**
 * The run's config.json with `sets` applied; only data.* keys may be set (the model is fixed).
 * Setting data.source to another source starts that section afresh: the run's other data keys
 * belong to the old source.
 */
export function evaluationConfig(dir: string, sets: readonly string[], cwd: string): TrainConfig {
  const file = path.join(dir, RUN_FILES.config);
  if (!fs.existsSync(file)) throw new DataError(`${file}: not found (is ${dir} a run directory of sgd train?)`);
  const { value, where } = loadConfigFile(file, cwd);
  for (const argument of sets) {
    const set = parseSet(argument);
    if (set.segments[0] !== "data" || set.segments.length < 2) {
      throw new UsageError(
        `--set ${argument}: evaluate takes data.* keys only (the model and its training settings are fixed)`,
      );
    }
    const data = value.data as Record<string, unknown> | undefined;
    if (set.segments[1] === "source" && set.segments.length === 2 && data?.source !== set.value) value.data = {};
  }
  return validateConfig(TrainConfig, applySets(value, sets, TrainConfig, where), where);
}
