/**
 * Everything `sgd sweep` checks before it trains or writes anything: the --grid axes, --shard,
 * the config of EVERY grid point (the user's --set, then --seed, then the point's values as more
 * --set, so a bad value in the 5th point fails at once), and for this shard's points the data,
 * the network and the finite-difference time estimate. A failure is exit 2 and leaves no file.
 */
import fs from "node:fs";
import path from "node:path";
import { seedSet } from "../config/config-sets.js";
import type { TrainConfig } from "../config/train-schema.js";
import type { Dataset } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { UsageError } from "../core/errors.js";
import { defaultRunDir } from "../report/run-directory.js";
import { readSweepDocument, SWEEP_FILES } from "../report/sweep-files.js";
import {
  describePoint,
  expandGrid,
  parseGrid,
  pointName,
  pointSets,
  renameFlag,
  sameKey,
  type GridAxis,
  type GridPoint,
} from "../sweep/grid.js";
import { inShard, parseShard, WHOLE_GRID, type Shard } from "../sweep/shard.js";
import { resolveAutoShard } from "../sweep/shard-env.js";
import { gridOf, sameSweep, type SweepIdentity } from "../sweep/sweep-document.js";
import type { SeedStreams } from "./experiment.js";
import type { Io } from "../core/io.js";
import { createReporter } from "../report/reporter.js";
import { checkRun } from "./prepare-run.js";
import { loadRunConfig } from "./run-config.js";

export interface SweepRequest {
  config: string;
  grid: readonly string[];
  set: readonly string[];
  /** "I/N", or "auto" (the scheduler's variables in Io.env: shard-env.ts) */
  shard?: string;
  /** --shard-count, with --shard auto when the scheduler gives no count */
  shardCount?: string;
  /** --list: check the configs but load no data (nothing is trained) */
  list?: boolean;
  out?: string;
  seed?: string;
  allowSlow: boolean;
  force: boolean;
}

export interface PlannedPoint {
  point: GridPoint;
  /** directory name under the sweep directory */
  name: string;
  config: TrainConfig;
}

export interface SweepPlan {
  identity: SweepIdentity;
  /** the config file, absolute */
  configFile: string;
  dir: string;
  axes: GridAxis[];
  shard: Shard;
  /** where --shard auto found the shard, e.g. "Slurm job array: SLURM_ARRAY_TASK_ID=3, …" */
  shardSource: string | null;
  pointsTotal: number;
  /** this shard's points, in index order */
  points: PlannedPoint[];
  /** the directory names of every point of the grid */
  names: string[];
  /** shared by the points: one dataset per distinct (data config, seed) */
  loadData: SharedDatasets;
}

export function planSweep(request: SweepRequest, io: Io): SweepPlan {
  return checkPoints(planGrid(request, io), request, io);
}

/**
 * Everything planSweep checks before the data: the grid, the shard, every point's config, the
 * directory (a plan whose points' data, networks and estimates checkPoints has yet to check).
 */
export function planGrid(request: SweepRequest, io: Io): SweepPlan {
  const axes = parseGrid(request.grid);
  const { shard, source: shardSource } = resolveShard(request, io);
  if (request.seed !== undefined && axes.some((a) => sameKey(a.key, "seed"))) {
    throw new UsageError("--seed and --grid seed=… both set the seed: give one of them");
  }
  const userSets = request.seed === undefined ? [...request.set] : [...request.set, seedSet(request.seed)];
  const base = loadRunConfig(request.config, userSets, io.cwd);
  const all = expandGrid(axes);
  const planned = all.map((point) => ({
    point,
    name: pointName(point, axes),
    config: pointConfig(request.config, userSets, point, io.cwd),
  }));
  const points = planned.filter((p) => inShard(p.point.index, shard));

  const identity: SweepIdentity = {
    name: base.name,
    sets: [...request.set],
    seed: request.seed === undefined ? null : base.seed,
    grid: gridOf(axes),
  };
  const dir =
    request.out !== undefined
      ? path.resolve(io.cwd, request.out)
      : defaultRunDir(io.cwd, `sweep-${base.name}`, new Date());
  refuseOtherSweep(dir, identity);

  const loadData = sharedDatasets(io.cwd);
  return {
    identity,
    configFile: path.resolve(io.cwd, request.config),
    dir,
    axes,
    shard,
    shardSource,
    pointsTotal: all.length,
    points,
    names: planned.map((p) => p.name),
    loadData,
  };
}

/**
 * This shard's points checked as they will train, in index order (datasets loaded already — by
 * another thread, say — are used, the others loaded): the data, the network and the estimate
 * (checkRun: nothing is built for a backprop point).
 */
export function checkPoints(plan: SweepPlan, request: SweepRequest, io: Io): SweepPlan {
  const silent = createReporter(io, { quiet: true });
  for (const p of request.list === true ? [] : plan.points) {
    try {
      checkRun(p.config, { io, out: silent, allowSlow: request.allowSlow, loadData: plan.loadData });
    } catch (err) {
      throw atPoint(err, p.point);
    }
  }
  return plan;
}

/** --shard I/N, --shard auto (with --shard-count or SGD_SHARD_COUNT), or the whole grid. */
function resolveShard(request: SweepRequest, io: Io): { shard: Shard; source: string | null } {
  if (request.shard?.trim() === "auto") return resolveAutoShard(io.env, request.shardCount);
  if (request.shardCount !== undefined) {
    throw new UsageError(`--shard-count ${request.shardCount}: only with --shard auto (--shard I/N names N itself)`);
  }
  return { shard: request.shard === undefined ? WHOLE_GRID : parseShard(request.shard), source: null };
}

/** The point's config: the file, the user's --set (and --seed), then the point's values. */
function pointConfig(file: string, userSets: readonly string[], point: GridPoint, cwd: string): TrainConfig {
  try {
    return loadRunConfig(file, [...userSets, ...pointSets(point)], cwd);
  } catch (err) {
    for (const set of pointSets(point)) renameFlag(err, set);
    throw atPoint(err, point);
  }
}

/** An error found at one point names the point, unless it already names the --grid value. */
function atPoint(err: unknown, point: GridPoint): unknown {
  if (err instanceof Error && !err.message.startsWith("--grid ")) {
    err.message = `sweep point ${point.index} (${describePoint(point)}): ${err.message}`;
  }
  return err;
}

/** A sweep.json already in `dir` must describe this sweep: its points are merged with ours. */
function refuseOtherSweep(dir: string, identity: SweepIdentity): void {
  if (!fs.existsSync(path.join(dir, SWEEP_FILES.document))) return;
  const existing = readSweepDocument(dir)!;
  if (!sameSweep(existing, identity)) {
    throw new UsageError(
      `--out ${dir}: its ${SWEEP_FILES.document} describes another sweep ` +
        `(${existing.name}, grid ${existing.grid.map((g) => g.key).join(" × ")}, ` +
        `--set ${JSON.stringify(existing.sets)}): use another --out, or delete it first`,
    );
  }
}

/**
 * Points with the same data config, seed and precision (the values' storage and range) share a split: load it once.
 * A sweep's worker threads adopt the datasets this thread loaded (a copy each) instead of loading them again.
 */
export function sharedDatasets(cwd: string): SharedDatasets {
  const cache = new Map<string, Dataset>();
  const key = (config: TrainConfig) => JSON.stringify([config.data, config.seed, config.model.precision]);
  const load = (config: TrainConfig, seeds: SeedStreams) => {
    let dataset = cache.get(key(config));
    if (dataset === undefined) {
      dataset = loadDataset(config.data, seeds.data, { cwd, precision: config.model.precision });
      cache.set(key(config), dataset);
    }
    return dataset;
  };
  return Object.assign(load, {
    keyOf: key,
    cached: (config: TrainConfig) => cache.get(key(config)),
    adopt: (config: TrainConfig, dataset: Dataset) => void cache.set(key(config), dataset),
  });
}

/** A dataset loader that loads each distinct (data config, seed, precision) once. */
export interface SharedDatasets {
  (config: TrainConfig, seeds: SeedStreams): Dataset;
  /** what identifies the dataset of `config`: configs with the same key share one */
  keyOf(config: TrainConfig): string;
  /** the dataset of `config` when it has been loaded already */
  cached(config: TrainConfig): Dataset | undefined;
  /** take `dataset` as the one of `config` (loaded by another thread from the same config: the same numbers) */
  adopt(config: TrainConfig, dataset: Dataset): void;
}
