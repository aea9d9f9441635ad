/**
 * What `sgd predict` writes: a CSV with one line per input row,
 *   classification  row,[<target>,]predicted,p_<class 1>,…,p_<class C>   (the class name; probabilities)
 *   regression      row,[<target>,]predicted            (predicted_1 … predicted_O for several outputs)
 * numbers in shortest round-trip form, fields quoted when they hold a comma, quote or newline;
 * or, for --json, one document with the same rows and the score.
 */
import type { PredictInput } from "../data/predict-input.js";
import type { ModelEvaluation } from "../model/confusion.js";
import type { RunModel } from "./run-model.js";

export interface Predictions {
  /** the model file and the input file read */
  model: string;
  input: string;
  format: PredictInput["format"];
  network: string;
  task: RunModel["task"];
  samples: number;
  /** O */
  outputs: number;
  /** [N×O] class probabilities (classification) or predicted values (regression) */
  values: Float64Array;
  /** [N] predicted class indices (classification), else null */
  predicted: Int32Array | null;
  classNames: string[] | null;
  /** the target column's name in the output, when the input had it */
  target: string | null;
  /** [N] the true classes or values read from the input, when it had the target column */
  truth: Int32Array | Float64Array | null;
  /** loss, accuracy and confusion matrix on the rows, when they carry the target */
  score: ModelEvaluation | null;
}

export function predictionsCsv(p: Predictions): string {
  const names = p.classNames;
  const valueColumns =
    names !== null
      ? ["predicted", ...names.map((c) => `p_${c}`)]
      : p.outputs === 1
        ? ["predicted"]
        : Array.from({ length: p.outputs }, (_, o) => `predicted_${o + 1}`);
  const header = ["row", ...(p.target !== null ? [p.target] : []), ...valueColumns];
  const lines = [header.map(field).join(",")];
  for (let r = 0; r < p.samples; r++) {
    const cells: string[] = [String(r + 1)];
    if (p.truth !== null) cells.push(names !== null ? field(names[p.truth[r]!]!) : String(p.truth[r]));
    if (names !== null) cells.push(field(names[p.predicted![r]!]!));
    for (let o = 0; o < p.outputs; o++) cells.push(String(p.values[r * p.outputs + o]));
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The --json document. */
export function predictionsDocument(p: Predictions, out: string | null): Record<string, unknown> {
  const rows = Array.from({ length: p.samples }, (_, r) => {
    const values = Array.from(p.values.subarray(r * p.outputs, (r + 1) * p.outputs));
    const truth = p.truth === null ? {} : { target: p.classNames ? p.classNames[p.truth[r]!] : p.truth[r] };
    return p.classNames !== null
      ? { row: r + 1, ...truth, predicted: p.classNames[p.predicted![r]!], probabilities: values }
      : { row: r + 1, ...truth, predicted: p.outputs === 1 ? values[0] : values };
  });
  const score =
    p.score === null
      ? null
      : {
          loss: p.score.loss,
          accuracy: p.score.accuracy,
          samples: p.score.samples,
          ...(p.score.confusion ? { confusion: p.score.confusion } : {}),
        };
  return {
    model: p.model,
    input: p.input,
    format: p.format,
    network: p.network,
    task: p.task,
    samples: p.samples,
    classNames: p.classNames,
    target: p.target,
    out,
    score,
    predictions: rows,
  };
}

function field(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
