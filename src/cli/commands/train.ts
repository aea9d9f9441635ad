/**
 * `sgd train --config FILE` / `sgd train --resume RUN_DIR`: wiring only.
 *   config → dataset → experiment → (estimate, for finite differences) → train() → run directory.
 * Signals set a flag the loop reads after each step; the checkpoint, metrics and summary are
 * written before exit 130. Diverged runs keep their logs and exit 3.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Command } from "commander";
import { loadTrainConfig } from "../../config/load-config.js";
import { TrainConfig } from "../../config/train-schema.js";
import { validateConfig } from "../../config/validate-config.js";
import { SourceMap } from "../../config/source-map.js";
import { loadDataset } from "../../data/load-dataset.js";
import { DataError, DivergedError, InterruptedError, UsageError } from "../../errors.js";
import type { Dataset } from "../../data/dataset.js";
import type { Batch } from "../../grad/gradient-method.js";
import { fillBatch } from "../../model/batch.js";
import { describeSpec } from "../../model/network-spec.js";
import { defaultRunDir, prepareOutputDir, RUN_FILES, writeJsonAtomic } from "../../report/run-directory.js";
import { createTrainProgress, formatFinalTable } from "../../report/train-progress.js";
import { buildSummary, RunRecorder } from "../../report/train-run.js";
import { terminalLossChart } from "../../report/loss-chart.js";
import { writeTrainReport } from "../../report/run-report-files.js";
import { restoreCheckpoint } from "../../train/checkpoint.js";
import { estimateRun } from "../../train/estimate.js";
import { buildExperiment, seedStreams, type Experiment } from "../../train/experiment.js";
import { initialProgress, train } from "../../train/train.js";
import { createReporter } from "../output.js";
import type { CliContext } from "../program.js";
import { withCommonOptions, withSetOption } from "../command-options.js";

interface TrainFlags {
  config?: string;
  resume?: string;
  set: string[];
  out?: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  seed?: string;
  threads?: string;
  allowSlow?: boolean;
}

/** A finite-difference run predicted to take longer than this needs --allow-slow. */
export const SLOW_RUN_SECONDS = 3600;

const HELP = `
Writes a run directory (default runs/<name>-<YYYYMMDD-HHMMSS>): config.json, metrics.csv,
metrics.jsonl, summary.json, model.json, checkpoint.json, report.html.

Examples:
  sgd train --config configs/mnist-minibatch.yaml
  sgd train --config configs/mnist-sgd.yaml --set optimizer.learningRate=0.02 --out runs/sgd-lr
  sgd train --resume runs/sgd-lr
  sgd train --config configs/moons-backprop.yaml --json --quiet > summary.json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("train")
    .description("train an MLP from a JSON or YAML experiment config")
    .option("--config <file>", "experiment config (.json, .yaml, .yml)")
    .option("--resume <runDir>", "continue an interrupted run from its checkpoint")
    .option("--out <dir>", "run directory (default runs/<name>-<timestamp>)")
    .option("--force", "allow writing into a non-empty --out")
    .option("--seed <n>", "override the config's seed")
    .option("--threads <n>", "worker threads (default: the machine's cores)")
    .option("--allow-slow", `start a run estimated to take over ${SLOW_RUN_SECONDS / 3600} h`)
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action(async (flags: TrainFlags) => {
    ctx.exitCode = await trainCommand(flags, ctx);
  });
}

async function trainCommand(flags: TrainFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const out = createReporter(io, flags);
  if ((flags.config === undefined) === (flags.resume === undefined)) {
    throw new UsageError("give exactly one of --config FILE or --resume RUN_DIR");
  }
  const threads = parseThreads(flags.threads);
  const resuming = flags.resume !== undefined;
  let config: TrainConfig;
  let dir: string;
  if (flags.resume !== undefined) {
    if (flags.set.length > 0 || flags.seed !== undefined || flags.out !== undefined) {
      throw new UsageError("--resume continues a run exactly as configured: --set, --seed and --out are not allowed with it");
    }
    dir = path.resolve(io.cwd, flags.resume);
    config = readRunConfig(dir);
  } else {
    const sets = flags.seed === undefined ? flags.set : [...flags.set, `seed=${flags.seed}`];
    const file = path.resolve(io.cwd, flags.config!);
    config = absoluteDataPaths(loadTrainConfig(flags.config!, sets, io.cwd), path.dirname(file));
    dir = flags.out !== undefined ? path.resolve(io.cwd, flags.out) : defaultRunDir(io.cwd, config.name, new Date());
  }

  const seeds = seedStreams(config.seed);
  const dataset = loadDataset(config.data, seeds.data, { cwd: io.cwd });
  const exp = buildExperiment(config, dataset, seeds.init);
  const clock = () => performance.now() / 1000;
  out.info(
    `${config.name}: ${describeSpec(exp.spec)}, ${exp.parameters.toLocaleString("en-US")} parameters, ` +
      `${dataset.train.n} train / ${dataset.test.n} test (${dataset.name}), batch ${exp.batchSize}, ` +
      `${exp.totalSteps} steps, gradient by ${config.gradient.method}`,
  );
  if (config.gradient.method !== "backprop") {
    const est = estimateRun(exp, config.gradient, dataset, clock);
    out.info(
      `${config.gradient.method} (${config.gradient.scheme}): ${Math.round(est.forwardPassesPerStep).toLocaleString("en-US")} ` +
        `forward passes per step; estimated ${formatDuration(est.totalSeconds)} for ${exp.totalSteps} steps`,
    );
    if (est.totalSeconds > SLOW_RUN_SECONDS && !flags.allowSlow) {
      throw new UsageError(
        `estimated ${formatDuration(est.totalSeconds)} is over the ${SLOW_RUN_SECONDS / 3600} h limit: pass --allow-slow, ` +
          `or make it smaller (model.hidden, data.train, optimizer.epochs or optimizer.maxSteps, or gradient.method=backprop)`,
      );
    }
  }

  let progress = initialProgress(seeds.shuffle);
  if (resuming) {
    const ckptFile = path.join(dir, RUN_FILES.checkpoint);
    if (!fs.existsSync(ckptFile)) throw new DataError(`${ckptFile}: no checkpoint to resume from`);
    progress = restoreCheckpoint(readJson(ckptFile), ckptFile, exp.w, exp.optimizerState.velocity);
    out.info(`resuming ${dir} at step ${progress.step}`);
  } else {
    prepareOutputDir(dir, flags.force === true);
    writeJsonAtomic(path.join(dir, RUN_FILES.config), config);
  }

  const view = createTrainProgress(
    { write: (t) => io.stderr(t), columns: io.columns },
    out.quiet ? "none" : out.live ? "bar" : "lines",
  );
  const recorder = new RunRecorder(dir, resuming ? progress.step : null, view, dataset.train.n);
  let stopRequested = false;
  const removeHandler = io.onInterrupt(() => {
    stopRequested = true;
  });
  let result;
  try {
    result = await train({
      dataset, method: exp.method, optimizer: exp.optimizer, optimizerState: exp.optimizerState,
      schedule: exp.schedule, evaluate: (w, split) => exp.evaluator.evaluate(w, split),
      w: exp.w, dw: exp.dw, batch: exp.batch, batchSize: exp.batchSize,
      fillBatch: (batch, order, start, count) => fillBatchFrom(dataset, exp, batch, order, start, count),
      epochs: config.optimizer.epochs, maxSteps: config.optimizer.maxSteps,
      logEvery: config.log.every, evalEvery: config.log.evalEvery, progress, clock,
      shouldStop: () => stopRequested,
      yieldControl: () => new Promise((resolve) => setImmediate(resolve)),
      onEvent: (e) => recorder.onEvent(e),
    });
  } finally {
    removeHandler();
  }

  const summary = buildSummary(result, {
    parameters: exp.parameters,
    gradientMethod: config.gradient.method,
    seed: config.seed,
    environment: { node: process.version, cpu: os.cpus()[0]?.model ?? "unknown", threads },
    network: describeSpec(exp.spec),
  });
  recorder.finish(summary, exp.spec, exp.w, dataset);
  const { rows } = writeTrainReport(dir);
  out.info(formatFinalTable(result));
  const chart = out.json ? "" : terminalLossChart(rows, { columns: io.columns ?? 80, colour: out.colour.level > 0 });
  if (chart !== "") out.info(chart);
  out.info(`run directory: ${dir}`);
  out.result(summary);

  if (result.status === "diverged") {
    const d = result.divergence!;
    throw new DivergedError(
      `training diverged at step ${d.step} (${d.reason}; learning rate ${d.learningRate}): ` +
        `lower optimizer.learningRate or normalize the inputs (data.normalize); logs kept in ${dir}`,
    );
  }
  if (result.status === "interrupted") {
    throw new InterruptedError(`interrupted at step ${result.steps}; checkpoint saved. Continue with: sgd train --resume ${dir}`);
  }
  return 0;
}

function fillBatchFrom(dataset: Dataset, exp: Experiment, batch: Batch, order: Int32Array, start: number, count: number): void {
  fillBatch(batch, dataset.train, exp.spec, order, start, count);
}

function parseThreads(text: string | undefined): number {
  if (text === undefined) return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads: expected a positive integer, found "${text}"`);
  return n;
}

/** The resolved config a run directory holds, validated again (it may have been edited). */
function readRunConfig(dir: string): TrainConfig {
  const file = path.join(dir, RUN_FILES.config);
  if (!fs.existsSync(file)) throw new DataError(`${file}: not found (is ${dir} a run directory?)`);
  return validateConfig(TrainConfig, readJson(file), new SourceMap(file));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new DataError(`${file}: cannot read JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * The resolved config a run keeps: data file paths made absolute (relative ones are taken from
 * the config's folder) and the editor-only "$schema" key dropped.
 */
function absoluteDataPaths(withSchema: TrainConfig, baseDir: string): TrainConfig {
  const { $schema: _editorOnly, ...config } = withSchema;
  const d = config.data;
  const abs = (p: string) => path.resolve(baseDir, p);
  if (d.source === "csv") return { ...config, data: { ...d, path: abs(d.path) } };
  if (d.source === "idx") {
    return {
      ...config,
      data: { ...d, trainImages: abs(d.trainImages), trainLabels: abs(d.trainLabels), testImages: abs(d.testImages), testLabels: abs(d.testLabels) },
    };
  }
  return config;
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
