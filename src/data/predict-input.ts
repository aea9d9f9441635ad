/**
 * The rows `sgd predict` reads, as raw features x [N×I] (before the model's normalization) and,
 * when the file has the target column, the true labels or targets. Chosen by the file name:
 *   *.csv   a header naming the model's feature columns (any order) and optionally its target
 *   *.json  an array of rows: each an array of I numbers, or an object {feature: number, …}
 *           (the target key optional, as in CSV)
 *   else    IDX images (raw or .gz; pixels / 255), rows × cols = I
 * Every problem is a DataError naming the file and, for a bad cell, its row and column.
 */
import { DataError } from "../core/errors.js";
import { NUMBER } from "./csv.js";
import { parseCsv } from "./csv-table.js";
import { readDataFile } from "./data-file.js";
import type { Task } from "./dataset.js";
import { readIdxFile } from "./idx.js";

/** What the model says its input rows look like. */
export interface InputColumns {
  /** I */
  inputs: number;
  /** [I] feature names; null for a model file that records none (CSV columns are then taken in order) */
  features: string[] | null;
  /** the target column's name, or null */
  target: string | null;
  task: Task;
  /** classification: the names a target cell may hold */
  classNames: string[] | null;
}

export interface PredictInput {
  format: "csv" | "json" | "idx";
  n: number;
  /** [N×I] raw features */
  x: Float64Array;
  /** [N] true classes, when the file has the target column (classification) */
  labels: Int32Array | null;
  /** [N] true values, when the file has the target column (regression) */
  targets: Float64Array | null;
}

export function readPredictInput(file: string, columns: InputColumns): PredictInput {
  if (/\.csv$/i.test(file)) return readCsvInput(file, columns);
  if (/\.json$/i.test(file)) return readJsonInput(file, columns);
  const images = readIdxFile(file, "images");
  const [n = 0, rows = 0, cols = 0] = images.dims;
  if (n === 0) throw new DataError(`${file}: has no images`);
  if (rows * cols !== columns.inputs)
    throw new DataError(
      `${file}: images of ${rows}×${cols} = ${rows * cols} pixels, the model takes ${columns.inputs}`,
    );
  const x = Float64Array.from(images.data, (v) => v / 255);
  return { format: "idx", n, x, labels: null, targets: null };
}

/** Collects one value per row and column; `where(r, j)` names the cell for an error. */
class Rows {
  readonly x: Float64Array;
  readonly labels: Int32Array | null = null;
  readonly targets: Float64Array | null = null;

  constructor(
    readonly n: number,
    private readonly columns: InputColumns,
    hasTarget: boolean,
  ) {
    this.x = new Float64Array(n * columns.inputs);
    if (hasTarget && columns.task === "classification") this.labels = new Int32Array(n);
    if (hasTarget && columns.task === "regression") this.targets = new Float64Array(n);
  }

  feature(r: number, j: number, cell: unknown, where: string): void {
    this.x[r * this.columns.inputs + j] = numberOf(cell, where);
  }

  target(r: number, cell: unknown, where: string): void {
    if (cell === undefined || cell === "") throw new DataError(`${where} ${cell === "" ? "is empty" : "is missing"}`);
    if (this.targets) this.targets[r] = numberOf(cell, where);
    if (this.labels) {
      const names = this.columns.classNames ?? [];
      const c = names.indexOf(String(cell));
      if (c < 0) throw new DataError(`${where} "${cell}" is not one of the model's classes (${list(names)})`);
      this.labels[r] = c;
    }
  }
}

function numberOf(cell: unknown, where: string): number {
  if (typeof cell === "number" && Number.isFinite(cell)) return cell;
  if (typeof cell === "string" && NUMBER.test(cell.trim())) return Number(cell);
  const what =
    cell === undefined
      ? "is missing"
      : cell === "" || cell === null
        ? "is empty"
        : `${JSON.stringify(cell)} is not a number`;
  throw new DataError(`${where} ${what}`);
}

function readCsvInput(file: string, columns: InputColumns): PredictInput {
  const { header, rows } = parseCsv(readDataFile(file).toString("utf8"), file);
  const names = header.fields;
  const targetAt = columns.target === null ? -1 : names.indexOf(columns.target);
  const featureNames =
    columns.features ??
    (names.length - (targetAt >= 0 ? 1 : 0) === columns.inputs ? names.filter((_, j) => j !== targetAt) : null);
  if (featureNames === null) {
    throw new DataError(
      `${file}:${header.line}: ${names.length} columns, the model takes ${columns.inputs} features` +
        (columns.target === null ? "" : ` (and optionally "${columns.target}")`),
    );
  }
  const featureAt = featureNames.map((name) => {
    const j = names.indexOf(name);
    if (j < 0)
      throw new DataError(`${file}:${header.line}: no column "${name}" (the model's features: ${list(featureNames)})`);
    return j;
  });
  names.forEach((name, j) => {
    if (j !== targetAt && !featureAt.includes(j)) {
      throw new DataError(
        `${file}:${header.line}:${header.columns[j]}: column "${name}" is not one of the model's features ` +
          `(${list(featureNames)})${columns.target === null ? "" : ` nor its target "${columns.target}"`}`,
      );
    }
  });
  const out = new Rows(rows.length, columns, targetAt >= 0);
  rows.forEach((row, r) => {
    const where = (j: number) =>
      `${file}:${row.line}:${row.columns[j]}: row ${r + 1}, column ${j + 1} ("${names[j]}"):`;
    featureAt.forEach((j, k) => {
      out.feature(r, k, row.fields[j], where(j));
    });
    if (targetAt >= 0) out.target(r, row.fields[targetAt], where(targetAt));
  });
  return { format: "csv", n: out.n, x: out.x, labels: out.labels, targets: out.targets };
}

function readJsonInput(file: string, columns: InputColumns): PredictInput {
  let value: unknown;
  try {
    value = JSON.parse(readDataFile(file).toString("utf8"));
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(value) || value.length === 0)
    throw new DataError(`${file}: expected a non-empty JSON array of rows (arrays of numbers or objects)`);
  const hasTarget = columns.target !== null && value.some((row) => isObject(row) && columns.target! in row);
  const out = new Rows(value.length, columns, hasTarget);
  const names = columns.features ?? Array.from({ length: columns.inputs }, (_, j) => `x${j}`);
  value.forEach((row: unknown, r) => {
    jsonRow(row, r, out, names, hasTarget ? columns.target : null, `${file}: row ${r + 1}`);
  });
  return { format: "json", n: out.n, x: out.x, labels: out.labels, targets: out.targets };
}

/** Row r of a JSON input: an array of I numbers, or an object of features (and `target`, when the rows have it). */
function jsonRow(row: unknown, r: number, out: Rows, names: string[], target: string | null, at: string): void {
  if (Array.isArray(row)) {
    if (row.length !== names.length)
      throw new DataError(`${at}: has ${row.length} values, the model takes ${names.length}`);
    if (target !== null) throw new DataError(`${at}: an array row has no target, but other rows name "${target}"`);
    row.forEach((cell, j) => {
      out.feature(r, j, cell, `${at}, column ${j + 1} ("${names[j]}"):`);
    });
  } else if (isObject(row)) {
    for (const key of Object.keys(row)) {
      if (!names.includes(key) && key !== target)
        throw new DataError(`${at}: "${key}" is not one of the model's features (${list(names)})`);
    }
    names.forEach((name, j) => {
      out.feature(r, j, row[name], `${at}, column ${j + 1} ("${name}"):`);
    });
    if (target !== null) out.target(r, row[target], `${at}, "${target}":`);
  } else {
    throw new DataError(`${at}: expected an array of numbers or an object, found ${JSON.stringify(row)}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(names: readonly string[]): string {
  return names.length <= 6 ? names.join(", ") : `${names.slice(0, 5).join(", ")}, … ${names.at(-1)}`;
}
