/**
 * The confusion matrix and a saved model's evaluation, on cases small enough to work out by hand:
 * argmax with ties to the first class, M[true][predicted] counts, accuracy = trace(M)/N, and the
 * cross-entropy of an identity network, −log softmax(x)_y = log(1 + e^{x_other − x_y}) for two classes.
 */
import { describe, expect, it } from "vitest";
import type { Split } from "../../src/data/dataset.js";
import { argmaxRows, confusionMatrix, evaluateModel } from "../../src/model/confusion.js";
import { Evaluator } from "../../src/model/evaluate.js";
import { fromModelJson } from "../../src/model/model-json.js";
import { confusionTable, formatEvaluation } from "../../src/report/evaluation-table.js";

describe("confusion matrix", () => {
  // six samples, three classes: outputs [N×O] and true labels
  const out = new Float64Array([
    0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.5, 0.0, 0.0, 0.1, 0.9, 0.2, 0.6, 0.2,
  ]);
  const labels = new Int32Array([0, 0, 2, 1, 1, 1]);

  it("predicts the largest output, the first one on ties", () => {
    expect(Array.from(argmaxRows(out, 6, 3, new Int32Array(6)))).toEqual([0, 1, 2, 0, 2, 1]);
  });

  it("counts true class by row and predicted class by column", () => {
    const m = confusionMatrix(labels, argmaxRows(out, 6, 3, new Int32Array(6)), 3);
    // true 0: predicted 0 and 1 · true 1: predicted 0 (tie), 2, 1 · true 2: predicted 2
    expect(m).toEqual([
      [1, 1, 0],
      [1, 1, 1],
      [0, 0, 1],
    ]);
  });

  it("refuses a class outside 0…C−1", () => {
    expect(() => confusionMatrix(new Int32Array([3]), new Int32Array([0]), 3)).toThrow(RangeError);
  });

  it("prints with class names, rows = true class, and each row's recall", () => {
    const text = confusionTable(
      [
        [1, 1],
        [0, 2],
      ],
      ["cat", "dog"],
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("confusion matrix (rows: true class, columns: predicted class)");
    expect(lines[1]).toBe("true \\ predicted  cat dog  recall");
    expect(lines[2]).toBe("cat                 1   1   50.0%");
    expect(lines[3]).toBe("dog                 0   2  100.0%");
  });
});

describe("evaluateModel on an identity network (logits = x)", () => {
  const model = fromModelJson({
    format: "sgd-mlp",
    version: 1,
    loss: "cross-entropy",
    precision: "float64",
    layers: [
      {
        inputs: 2,
        outputs: 2,
        activation: "softmax",
        weights: [
          [1, 0],
          [0, 1],
        ],
        bias: [0, 0],
      },
    ],
  });
  const split: Split = {
    n: 4,
    x: new Float64Array([2, 1, 0, 3, 1, 0, 0.5, 0.2]),
    labels: new Int32Array([0, 1, 1, 1]),
    targets: null,
  };

  it("gives the hand-worked loss, accuracy and matrix", () => {
    const result = evaluateModel(new Evaluator(model.spec, 3), model.w, split);
    // predictions 0, 1, 0, 0 against labels 0, 1, 1, 1
    expect(result.confusion).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(result.accuracy).toBe(0.5);
    expect(result.samples).toBe(4);
    const margins = [1 - 2, 0 - 3, 1 - 0, 0.5 - 0.2]; // x_other − x_label per sample
    const loss = margins.reduce((s, d) => s + Math.log1p(Math.exp(d)), 0) / 4;
    expect(result.loss).toBeCloseTo(loss, 12);
    expect(formatEvaluation(result, "cross-entropy", ["a", "b"])).toContain("accuracy  50.00% (2 of 4)");
  });

  it("has no accuracy or matrix without labels (regression)", () => {
    const mse = fromModelJson({
      format: "sgd-mlp",
      version: 1,
      loss: "mse",
      precision: "float64",
      layers: [{ inputs: 1, outputs: 1, activation: "linear", weights: [[2]], bias: [1] }],
    });
    // ŷ = 2x + 1 on x = 0, 1 with targets 1, 4: errors 0 and −1 → mean squared error 1/2
    const result = evaluateModel(new Evaluator(mse.spec, 8), mse.w, {
      n: 2,
      x: new Float64Array([0, 1]),
      labels: null,
      targets: new Float64Array([1, 4]),
    });
    expect(result.accuracy).toBeNull();
    expect(result.confusion).toBeNull();
    expect(result.loss).toBeCloseTo(0.5, 12);
    expect(formatEvaluation(result, "mean squared error", null)).toBe(
      "loss      0.5 (mean squared error)\nsamples   2\n",
    );
  });
});
