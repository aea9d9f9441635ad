/**
 * source: csv — a header row, numeric feature columns and one target column (`data.target`).
 *   classification: target cells are class names; classes are sorted (numerically when every
 *     name is a number, else by code point) and mapped to indices 0..C−1; the names are kept.
 *   regression: the target is a number (O = 1).
 * Features are every other column, in file order. test = round(N · testFraction), seeded
 * (stratified for classification).
 */
import type { DataConfig, Precision } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { parseCsv, type CsvRecord } from "./csv-table.js";
import { readDataFile, resolveDataPath } from "./data-file.js";
import type { RawDataset } from "./dataset.js";
import { fractionSizes, splitPool, type Pool } from "./sample-split.js";

type CsvConfig = Extract<DataConfig, { source: "csv" }>;

/** A decimal number: optional sign, digits with an optional point, optional exponent. No hex, no NaN/Infinity. */
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `precision`: how the features are stored; `max`: the largest magnitude the model's precision
 * holds (a cell beyond it is refused at its line and column).
 */
export function loadCsv(
  config: CsvConfig,
  rng: Rng,
  cwd: string,
  precision: Precision = "float64",
  max = Number.MAX_VALUE,
): RawDataset {
  const file = resolveDataPath(cwd, config.path);
  const pool = readCsvPool(file, config.target, config.task, max);
  const { nTrain, nTest } = fractionSizes(pool.n, config.testFraction, file);
  const { train, test } = splitPool(pool, nTrain, nTest, rng, precision);
  return {
    name: `csv:${config.path}`,
    task: config.task,
    inputs: pool.inputs,
    outputs: pool.outputs,
    classNames: pool.classNames,
    featureNames: pool.featureNames,
    targetName: config.target,
    train,
    test,
  };
}

/** Every data row of the file as a pool, plus the class names (classification). */
export function readCsvPool(
  file: string,
  target: string,
  task: CsvConfig["task"],
  max = Number.MAX_VALUE,
): Pool & { classNames: string[] | null; featureNames: string[] } {
  const { header, rows } = parseCsv(readDataFile(file).toString("utf8"), file);
  const targetColumn = header.fields.indexOf(target);
  if (targetColumn < 0) {
    throw new DataError(
      `${file}:${header.line}: no target column "${target}" in the header ` +
        `(columns: ${header.fields.join(", ")}); set data.target`,
    );
  }
  const featureColumns = header.fields.map((_, j) => j).filter((j) => j !== targetColumn);
  if (featureColumns.length === 0)
    throw new DataError(`${file}:${header.line}: no feature columns besides the target "${target}"`);
  const n = rows.length;
  const inputs = featureColumns.length;
  const featureNames = featureColumns.map((j) => header.fields[j]!);
  const x = new Float64Array(n * inputs);
  rows.forEach((row, i) => {
    featureColumns.forEach((j, k) => {
      x[i * inputs + k] = numberAt(row, j, header, file, max);
    });
  });
  if (task === "regression") {
    const targets = Float64Array.from(rows, (row) => numberAt(row, targetColumn, header, file, max));
    return { n, inputs, x, labels: null, targets, outputs: 1, classNames: null, featureNames };
  }
  const { labels, classNames } = classIndices(rows, targetColumn, header, file);
  return { n, inputs, x, labels, targets: null, outputs: classNames.length, classNames, featureNames };
}

/** The number in field j of a row, or a DataError pointing at file:line:col and the column name. */
function numberAt(row: CsvRecord, j: number, header: CsvRecord, file: string, max: number): number {
  const cell = row.fields[j]!;
  const where = `${file}:${row.line}:${row.columns[j]}: column ${j + 1} ("${header.fields[j]}")`;
  if (!NUMBER.test(cell)) {
    const shown = cell.length > 40 ? `${cell.slice(0, 39)}…` : cell;
    throw new DataError(`${where} ${cell === "" ? "is empty" : `"${shown}" is not a number`}`);
  }
  const value = Number(cell);
  if (Math.abs(value) <= max) return value;
  const range =
    max === Number.MAX_VALUE
      ? "too large for a number (|x| ≤ 1.8e308)"
      : `outside the range of float32 (|x| ≤ 3.4028e38): use model.precision: float64 or scale the data`;
  throw new DataError(`${where} is ${cell}, ${range}`);
}

/** Class names sorted (numerically if all are numbers), and each row's index into them. */
function classIndices(
  rows: CsvRecord[],
  j: number,
  header: CsvRecord,
  file: string,
): { labels: Int32Array; classNames: string[] } {
  rows.forEach((row) => {
    if (row.fields[j] === "")
      throw new DataError(`${file}:${row.line}:${row.columns[j]}: column ${j + 1} ("${header.fields[j]}") is empty`);
  });
  const names = [...new Set(rows.map((row) => row.fields[j]!))];
  const numeric = names.every((name) => NUMBER.test(name));
  names.sort(
    numeric ? (a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0) : (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  if (names.length < 2)
    throw new DataError(
      `${file}: target column "${header.fields[j]}" has only one class (${names[0]}); classification needs 2 or more`,
    );
  const index = new Map(names.map((name, c) => [name, c]));
  return { labels: Int32Array.from(rows, (row) => index.get(row.fields[j]!)!), classNames: names };
}
