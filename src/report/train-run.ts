/**
 * Records a training run into its directory as the loop's events arrive: each metrics row is
 * appended (CSV + JSONL, whole, and as TensorBoard scalars unless turned off), shown, and handed to
 * the caller's onRow; each checkpoint event syncs the rows to disk, then rewrites checkpoint.json
 * atomically; parameter events become histograms.json (histograms.ts); at the end histograms.json,
 * model.json (with the best weights when a metric was watched, and then model-last.json with the
 * last ones), then summary.json are written (atomically) from the result. Writes go through
 * durable-files.ts.
 */
import path from "node:path";
import type { Dataset } from "../data/dataset.js";
import type { Float } from "../core/types.js";
import { toModelJson } from "../model/model-json.js";
import type { ParameterLayout } from "../model/layout.js";
import { encodeCheckpoint } from "../train/checkpoint.js";
import type { Health } from "../train/health.js";
import type { MetricsRow, TrainResult } from "../train/state.js";
import type { TrainEvent } from "../train/train.js";
import { writeJsonAtomic } from "./durable-files.js";
import { HistogramRecorder } from "./histograms.js";
import { MetricsLog, RUN_FILES } from "./run-directory.js";
import { TensorBoardLog, type TensorBoardOptions } from "./tensorboard-log.js";
import type { TrainProgressView } from "./train-progress.js";

export interface Environment {
  node: string;
  cpu: string;
  threads: number;
  /** the kernels that ran the network: "wasm-simd-fma", "wasm-simd-mul+add" or "typescript" */
  engine: string;
  /** where the evaluations ran: beside training on a second thread, or on the training thread */
  evaluation: "second thread" | "training thread";
}

export interface RunSummary {
  status: TrainResult["status"];
  steps: number;
  epochs: number;
  parameters: number;
  final: TrainResult["final"];
  timing: TrainResult["timing"];
  gradient_method: string;
  seed: number;
  environment: Environment;
  network: string;
  divergence: TrainResult["divergence"];
  /** optimizer.type */
  optimizer: string;
  /** the watched metric's best evaluation: the weights in model.json (null: none watched) */
  best: TrainResult["best"];
  /** healthy or unstable (src/train/health.ts), with the training loss it was judged on */
  health: Health & { initial_loss: number | null; smoothed_loss: number | null };
}

/** The weights a run ends with: model.json gets `best` when there is one, else `last`. */
export interface FinalModels {
  best: Float | null;
  last: Float;
  /** also write model-last.json (the last weights), as runs that watch a metric do */
  keepLast: boolean;
}

export interface RecorderOptions {
  /** TensorBoard scalars (log.tensorboard); null writes none */
  tensorboard: TensorBoardOptions | null;
  /** how w is stored, and the run's length (for the histograms' start, middle and end) */
  layout: ParameterLayout;
  totalSteps: number;
  /** called with every row after it is written */
  onRow?: (row: MetricsRow, totalSteps: number) => void;
}

export class RunRecorder {
  private readonly log: MetricsLog;
  private readonly tensorboard: TensorBoardLog | null;
  private readonly histograms: HistogramRecorder;
  readonly rows: MetricsRow[] = [];

  constructor(
    readonly dir: string,
    resumeFromStep: number | null,
    private readonly progress: TrainProgressView,
    private readonly trainSize: number,
    private readonly options: RecorderOptions,
  ) {
    this.log = new MetricsLog(dir, resumeFromStep);
    this.tensorboard = options.tensorboard ? new TensorBoardLog(dir, resumeFromStep, options.tensorboard) : null;
    this.histograms = new HistogramRecorder(dir, options.layout, options.totalSteps, resumeFromStep);
  }

  /** What resuming repaired in the metrics files (a torn last row), for the human. */
  get repaired(): readonly string[] {
    return this.log.repaired;
  }

  onEvent(event: TrainEvent): void {
    if (event.type === "row") {
      this.log.append(event.row);
      this.tensorboard?.append(event.row);
      this.rows.push(event.row);
      this.progress.row(event.row, event.totalSteps, this.trainSize);
      this.options.onRow?.(event.row, event.totalSteps);
    } else if (event.type === "parameters") {
      this.histograms.capture(event.step, event.w, event.dw);
    } else {
      this.log.sync();
      this.histograms.save();
      writeJsonAtomic(
        path.join(this.dir, RUN_FILES.checkpoint),
        encodeCheckpoint(event.progress, event.w, event.optimizerState, event.best),
      );
    }
  }

  /** Stop the progress view and close the metrics files (also when the run failed). */
  close(): void {
    this.progress.stop();
    this.log.close();
    this.tensorboard?.close();
  }

  finish(summary: RunSummary, layout: ParameterLayout, models: FinalModels, dataset: Dataset): void {
    this.close();
    this.histograms.finish();
    const write = (file: string, w: Float) =>
      writeJsonAtomic(path.join(this.dir, file), toModelJson(layout, w, modelExtras(dataset)));
    if (models.keepLast) write(RUN_FILES.modelLast, models.last);
    write(RUN_FILES.model, models.best ?? models.last);
    writeJsonAtomic(path.join(this.dir, RUN_FILES.summary), summary);
  }
}

/** What model.json carries besides the layers, so another program can use the model alone. */
export function modelExtras(dataset: Dataset): Record<string, unknown> {
  return {
    task: dataset.task,
    dataset: dataset.name,
    classNames: dataset.classNames,
    normalization: dataset.normalization,
    ...(dataset.featureNames ? { features: dataset.featureNames } : {}),
    ...(dataset.targetName !== undefined ? { target: dataset.targetName } : {}),
  };
}

export function buildSummary(
  result: TrainResult,
  fields: {
    parameters: number;
    gradientMethod: string;
    seed: number;
    environment: Environment;
    network: string;
    optimizer: string;
    health: Health;
  },
): RunSummary {
  return {
    status: result.status,
    steps: result.steps,
    epochs: result.epochs,
    parameters: fields.parameters,
    final: result.final,
    timing: result.timing,
    gradient_method: fields.gradientMethod,
    seed: fields.seed,
    environment: fields.environment,
    network: fields.network,
    divergence: result.divergence,
    optimizer: fields.optimizer,
    best: result.best,
    health: { ...fields.health, initial_loss: result.trend.initial, smoothed_loss: result.trend.smoothed },
  };
}
