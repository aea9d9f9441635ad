/**
 * Records a training run into its directory as the loop's events arrive: each metrics row is
 * appended (CSV + JSONL, whole, and as TensorBoard scalars unless turned off), shown, and handed to
 * the caller's onRow; each checkpoint event syncs the rows to disk, then rewrites checkpoint.json
 * atomically; parameter events become histograms.json (histograms.ts); at the end histograms.json,
 * model.json, then summary.json are written (atomically) from the result. Writes go through
 * durable-files.ts.
 */
import path from "node:path";
import type { Dataset } from "../data/dataset.js";
import type { Float } from "../core/types.js";
import { toModelJson } from "../model/model-json.js";
import type { ParameterLayout } from "../model/layout.js";
import { encodeCheckpoint } from "../train/checkpoint.js";
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
      writeJsonAtomic(
        path.join(this.dir, RUN_FILES.checkpoint),
        encodeCheckpoint(event.progress, event.w, event.optimizerState),
      );
    }
  }

  /** Stop the progress view and close the metrics files (also when the run failed). */
  close(): void {
    this.progress.stop();
    this.log.close();
    this.tensorboard?.close();
  }

  finish(summary: RunSummary, layout: ParameterLayout, w: Float, dataset: Dataset): void {
    this.close();
    this.histograms.finish();
    writeJsonAtomic(path.join(this.dir, RUN_FILES.model), toModelJson(layout, w, modelExtras(dataset)));
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
  fields: { parameters: number; gradientMethod: string; seed: number; environment: Environment; network: string },
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
  };
}
