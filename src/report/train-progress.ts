/**
 * What `sgd train` shows while it runs: a live cli-progress bar on an interactive terminal,
 * one plain line per log interval otherwise (CI, pipes), nothing with --quiet; and the short
 * table at the end. Writes only to the text sink it is given.
 */
import cliProgress from "cli-progress";
import type { Health } from "../train/health.js";
import type { MetricsRow, TrainResult } from "../train/state.js";

export interface TextSink {
  write(text: string): void;
  /** terminal width, when known */
  columns: number | undefined;
}

export type ProgressMode = "bar" | "lines" | "none";

export interface TrainProgressView {
  row(row: MetricsRow, totalSteps: number, trainSize: number): void;
  stop(): void;
}

export function createTrainProgress(sink: TextSink, mode: ProgressMode): TrainProgressView {
  if (mode === "none") return { row() {}, stop() {} };
  if (mode === "lines") {
    return {
      row(row, total) {
        sink.write(`${formatRowLine(row, total)}\n`);
      },
      stop() {},
    };
  }
  const stream = { write: (t: string) => sink.write(t), isTTY: true, columns: sink.columns ?? 100 };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format:
        "{bar} {value}/{total} steps | epoch {epoch} | loss {loss} | acc {acc} | " +
        "{rate} samples/s | ETA {eta_formatted}",
      barsize: 24,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let accuracy = "–"; // the last evaluated test (or validation) accuracy stays on the bar between evaluations
  return {
    row(row, total) {
      const evaluated = row.validation_accuracy ?? row.test_accuracy;
      if (evaluated !== null) accuracy = `${(evaluated * 100).toFixed(2)}%`;
      const payload = {
        epoch: row.epoch.toFixed(2),
        loss: row.train_loss === null ? "–" : row.train_loss.toFixed(4),
        acc: accuracy,
        rate: row.elapsed_s > 0 ? Math.round(row.samples / row.elapsed_s).toLocaleString("en-US") : "–",
      };
      if (!started) {
        bar.start(total, row.step, payload);
        started = true;
      } else bar.update(row.step, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** `step 500/1250 · epoch 2.00 · loss 0.3412 · test loss 0.2981 · acc 91.45% · 12,345 samples/s` */
export function formatRowLine(row: MetricsRow, totalSteps: number): string {
  const parts = [`step ${row.step}/${totalSteps}`, `epoch ${row.epoch.toFixed(2)}`, `lr ${fmt(row.learning_rate)}`];
  if (row.train_loss !== null) parts.push(`loss ${fmt(row.train_loss)}`);
  if (row.test_loss !== null) parts.push(`test loss ${fmt(row.test_loss)}`);
  if (row.test_accuracy !== null) parts.push(`acc ${(row.test_accuracy * 100).toFixed(2)}%`);
  if (row.validation_loss !== null) parts.push(`val loss ${fmt(row.validation_loss)}`);
  if (row.validation_accuracy !== null) parts.push(`val acc ${(row.validation_accuracy * 100).toFixed(2)}%`);
  if (row.elapsed_s > 0) parts.push(`${Math.round(row.samples / row.elapsed_s).toLocaleString("en-US")} samples/s`);
  return parts.join(" · ");
}

/**
 * The table printed when training ends. With a watched metric the test (and validation) numbers
 * are those of the best weights (model.json), named by their step; `health` adds the verdict.
 */
export function formatFinalTable(result: TrainResult, health?: Health): string {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(2)}%`);
  const num = (x: number | null) => (x === null ? "–" : fmt(x));
  const share = result.timing.total_s > 0 ? result.timing.gradient_s / result.timing.total_s : 0;
  const rows: [string, string][] = [
    ["status", result.status],
    ["steps", String(result.steps)],
    ["epochs", result.epochs.toFixed(2)],
    ["final train loss", num(result.final.train_loss)],
    ...bestRows(result, num, pct),
    ["final test loss", num(result.final.test_loss)],
    ["test accuracy", pct(result.final.test_accuracy)],
    ["time", `${result.timing.total_s.toFixed(2)} s`],
    ["samples/s", Math.round(result.timing.samples_per_s).toLocaleString("en-US")],
    ["gradient time", `${result.timing.gradient_s.toFixed(2)} s (${(share * 100).toFixed(1)}% of the run)`],
    ["gradient + update", `${result.timing.compute_s.toFixed(2)} s`],
  ];
  const f = result.final;
  if (f.full_train_loss != null) rows.splice(4, 0, ["full train loss", num(f.full_train_loss)]);
  if (f.minibatch_cosine != null) {
    rows.push(
      ["minibatch cosine", `${num(f.minibatch_cosine)} (mean cos of minibatch gradients with ∇C, last evaluation)`],
      [
        "minibatch spread",
        `${num(f.minibatch_spread ?? null)} (√mean ‖g_B − ∇C‖² / ‖∇C‖, ‖∇C‖ = ${num(f.gradient_norm ?? null)})`,
      ],
    );
  }
  if (health) {
    rows.push(["health", health.verdict + (health.reasons.length ? `: ${health.reasons.join("; ")}` : "")]);
    if (health.hint !== null) rows.push(["", health.hint]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`.trimEnd()).join("\n")}\n`;
}

/** The validation rows and which weights the final numbers are of, for a run that watched a metric. */
function bestRows(
  result: TrainResult,
  num: (x: number | null) => string,
  pct: (x: number | null) => string,
): [string, string][] {
  const rows: [string, string][] = [];
  if (result.best !== null) {
    rows.push([
      "best model",
      `step ${result.best.step} (${result.best.monitor} ${num(result.best.value)}): model.json`,
    ]);
  }
  if (result.final.validation_loss !== undefined) {
    rows.push(["validation loss", num(result.final.validation_loss ?? null)]);
    if (result.final.validation_accuracy !== null) {
      rows.push(["validation accuracy", pct(result.final.validation_accuracy ?? null)]);
    }
  }
  return rows;
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? x.toPrecision(4) : x.toExponential(3);
}
