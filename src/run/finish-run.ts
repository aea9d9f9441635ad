/**
 * What `sgd train` writes after its training loop, from what the run holds in memory: summary.json, model.json
 * (w = the best weights when a metric was watched, else the last), report.html (its "what the network learned"
 * views drawn from that same w and the dataset, not read back from the files), and the final table (and loss
 * chart) for the human. The test split's classes argmax ŷ come from the evaluation thread when it gave them
 * (it holds the split already), else from the run's own evaluator: the same classes either way.
 */
import type { Float } from "../core/types.js";
import type { Io } from "../core/io.js";
import { describeSpec } from "../model/network-spec.js";
import { terminalLossChart } from "../report/loss-chart.js";
import type { Reporter } from "../report/reporter.js";
import { writeTrainReport } from "../report/run-report-files.js";
import { formatFinalTable } from "../report/train-progress.js";
import { buildSummary, type RunRecorder, type RunSummary } from "../report/train-run.js";
import type { TrainResult } from "../train/state.js";
import type { Experiment } from "./experiment.js";
import { learnedAtEnd } from "./learned-run.js";
import type { PreparedRun } from "./prepare-run.js";
import { runHealth } from "./run-health.js";

export interface FinishOptions {
  io: Io;
  out: Reporter;
  /** print the terminal loss chart */
  chart: boolean;
  /** the evaluations ran on a second thread (summary.json's environment.evaluation) */
  secondThread: boolean;
  /** the test split's classes of the model's weights, from the evaluation thread; null: predict them here */
  testClasses: Int32Array | null;
}

/** The weights model.json gets: the best ones when a metric was watched, else the last. */
export function modelWeights(result: TrainResult, exp: Experiment): Float {
  return result.best === null || exp.bestW === null ? exp.w : exp.bestW;
}

/**
 * summary.json, model.json and report.html (its test classes `testClasses` when the evaluation thread gave them,
 * else predicted here); the final table (and chart) for the human.
 */
export function finishRun(
  prepared: PreparedRun,
  result: TrainResult,
  recorder: RunRecorder,
  dir: string,
  options: FinishOptions,
): RunSummary {
  const { config, dataset, exp, engineName } = prepared,
    { io, out } = options;
  const summary = buildSummary(result, {
    parameters: exp.parameters,
    gradientMethod: config.gradient.method,
    seed: config.seed,
    environment: {
      node: io.platform.node,
      cpu: io.platform.cpu,
      threads: prepared.threads,
      engine: engineName,
      evaluation: options.secondThread ? "second thread" : "training thread",
    },
    network: describeSpec(exp.spec),
    optimizer: config.optimizer.type,
    health: runHealth(result, dataset, config),
  });
  const best = result.best === null ? null : exp.bestW,
    w = modelWeights(result, exp);
  recorder.finish(summary, exp.layout, { best, last: exp.w, keepLast: exp.monitor !== null }, dataset);
  // the test split's classes of model.json's weights on the run's own evaluator when the evaluation thread gave none
  const testClasses = () => options.testClasses ?? exp.evaluator.classes(w, dataset.test);
  const learned = learnedAtEnd(dir, io.cwd, dataset, { layout: exp.layout, w }, testClasses);
  const { rows } = writeTrainReport(dir, learned);
  out.info(formatFinalTable(result, summary.health));
  const chart =
    out.json || !options.chart
      ? ""
      : terminalLossChart(rows, { columns: io.columns ?? 80, colour: out.colour.level > 0 });
  if (chart !== "") out.info(chart);
  out.info(`run directory: ${dir}`);
  return summary;
}
