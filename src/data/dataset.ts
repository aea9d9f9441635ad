/**
 * What every data source produces: typed matrices plus the metadata the model needs.
 * Shapes (row-major): N samples, I inputs, O outputs.
 *   classification: labels[N] in 0..O-1 (O = number of classes), targets = null
 *   regression:     targets[N×O],                                labels = null
 * Features are stored in the precision the loader is asked for (LoadOptions.precision: the network's,
 * so a float32 network's 60,000 × 784 MNIST features take 188 MB, not 376); batches copy them from there.
 */
import type { Precision } from "../config/train-schema.js";
import type { Float } from "../core/types.js";

export type Task = "classification" | "regression";

export interface Split {
  /** number of samples */
  readonly n: number;
  /** [N×I] features, already normalized, in the precision they were loaded in */
  readonly x: Float;
  /** [N] class indices (classification) */
  readonly labels: Int32Array | null;
  /** [N×O] target values (regression) */
  readonly targets: Float64Array | null;
  /** [N] row of each sample in its source (digit-file order, IDX file, generated order, CSV data row) */
  readonly sourceIndex?: Int32Array;
}

/** x' = (x − offset) / scale per input column, fitted on the training split only. */
export interface Normalization {
  readonly kind: "none" | "minmax" | "standard";
  /** [I] or null for "none" */
  readonly offset: number[] | null;
  /** [I] or null for "none" */
  readonly scale: number[] | null;
}

export interface Dataset {
  /** e.g. "mnist", "synthetic:moons", "csv:data/iris.csv" */
  readonly name: string;
  readonly task: Task;
  /** I */
  readonly inputs: number;
  /** O: classes for classification, target columns for regression */
  readonly outputs: number;
  /** class names in index order (classification), else null */
  readonly classNames: string[] | null;
  /** [I] a name per input column (a CSV's header; x0… or pixel0… otherwise), kept in model.json for predict */
  readonly featureNames?: readonly string[];
  /** the target column's name (a CSV's data.target; "label" for digits, "target" for synthetic data) */
  readonly targetName?: string;
  readonly train: Split;
  readonly test: Split;
  /** data.validation: samples moved out of the training split (absent when not asked for) */
  readonly validation?: Split;
  readonly normalization: Normalization;
}

/** Column names "<prefix>0" … "<prefix>{count−1}", for sources without a header. */
export function numberedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, j) => `${prefix}${j}`);
}

/** A dataset before normalization: what each source loader returns. */
export type RawDataset = Omit<Dataset, "normalization">;

export interface LoadOptions {
  /** directory that relative paths in the data config resolve against */
  readonly cwd: string;
  /** the task the caller expects (e.g. from a saved model); a different one is a DataError */
  readonly task?: Task;
  /** apply this normalization (e.g. a saved model's) instead of fitting one on the training split */
  readonly normalization?: Normalization;
  /** the features' precision (default float64): the network's, so they are held once in the type it reads;
   *  values beyond its range are refused */
  readonly precision?: Precision;
}

/** The largest magnitude each precision holds (float32: (2 − 2^−23)·2^127). */
export const PRECISION_MAX = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE } as const;
