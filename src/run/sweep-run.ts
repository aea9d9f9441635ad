/**
 * A sweep, after planSweep has checked every point: for each point of the shard, one training
 * run into DIR/<index>-<key=value,…>/ (runTrainingToDir), its record in DIR/records/ and
 * sweep.json rebuilt after each point, report.html (the runs overlaid) at the end. A point whose
 * folder holds a finished run (summary.json, not interrupted) is skipped and an interrupted one
 * resumed, unless --force; so a retried task redoes only what is missing. --jobs K > 1 runs K
 * points at once, here and in K − 1 worker threads (sweep-pool.ts), each with ⌊cores / K⌋
 * threads unless --threads says; workers the caller started already (before the sweep's modules
 * loaded) load some of the points' distinct datasets while this thread loads the others (loadAtOnce),
 * are handed the rest in shared memory (no thread loads a dataset twice), and are ended when the
 * sweep ends. A
 * diverged point does not stop the others; an interrupt stops after the current points'
 * checkpoints and leaves the rest pending.
 * The sweep holds the lock of its directory for its shard (DIR/.lock, or DIR/.lock-shard-I-of-N:
 * shards may share a directory, the same shard twice may not); each point locks its own folder.
 */
import fs from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { UsageError } from "../core/errors.js";
import type { Io } from "../core/io.js";
import { lockFolder } from "../report/folder-lock.js";
import { prepareOutputDir, RUN_FILES } from "../report/run-directory.js";
import { createReporter, type Reporter } from "../report/reporter.js";
import { readJsonFile } from "../report/run-reader.js";
import { finishedRecord, SWEEP_FILES, writeSweepDocument, writeSweepReport } from "../report/sweep-files.js";
import { RECORDS_FOLDER, recordFile } from "../report/sweep-records.js";
import type { RunSummary } from "../report/train-run.js";
import { describePoint } from "../sweep/grid.js";
import { formatShard } from "../sweep/shard.js";
import { SWEEP_FORMAT, SWEEP_VERSION, type SweepDocument, type SweepPointRecord } from "../sweep/sweep-document.js";
import type { PrepareOptions } from "./prepare-run.js";
import { checkPoints, planGrid, type PlannedPoint, type SweepPlan, type SweepRequest } from "./sweep-plan.js";
import { sweepJobs } from "./sweep-jobs.js";
import { loadOnWorker, type PointJob, shareDatasets, startSweepWorkers, SweepPool } from "./sweep-pool.js";
import { runTrainingToDir } from "./train-run.js";
import { seedStreams } from "./experiment.js";
import { checkDataMemory } from "./memory-estimate.js";
import type { TrainConfig } from "../config/train-schema.js";

export interface SweepOptions extends Omit<PrepareOptions, "allowSlow"> {
  /** --threads (per point); undefined: the cores, shared out between the jobs */
  threads: number | undefined;
  /** --jobs; undefined: the cores, capped by the points to run, when the points are big enough (sweep-jobs.ts) */
  jobs: number | undefined;
  /** sweep workers started already (startSweepWorkers); the sweep uses what it needs and ends them all */
  workers?: Worker[];
}

export interface SweepOutcome {
  plan: SweepPlan;
  /** this shard's points, in index order, as sweep.json records them */
  records: SweepPointRecord[];
  document: SweepDocument;
}

/** What a point's folder says should happen to it. */
type PointAction = { kind: "skip"; summary: RunSummary } | { kind: "resume" } | { kind: "fresh" };

export async function runSweep(request: SweepRequest, options: SweepOptions): Promise<SweepOutcome> {
  const { io, out } = options;
  const workers = options.workers ?? [];
  try {
    const grid = planGrid(request, io);
    await loadAtOnce(grid, workers, io);
    const planned = checkPoints(grid, request, io);
    const plan = { ...planned, dir: openSweepDir(planned, request) };
    const lockName = plan.shard.count === 1 ? ".lock" : `.lock-shard-${plan.shard.index}-of-${plan.shard.count}`;
    const lock = lockFolder(plan.dir, { pid: io.platform.pid, command: "sgd sweep" }, (m) => out.warn(m), {
      name: lockName,
    });
    try {
      return await sweepInDir(plan, request, { ...options, workers });
    } finally {
      lock.release();
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * The distinct datasets of the shard's points loaded at once, the 1st, (W+2)th, … here and the others
 * on the W workers (into shared memory, handed back without a copy), so checking the points waits for
 * the slowest load, not for the sum. Never throws: a dataset not loaded so (over the memory estimate,
 * a bad file, a failed worker) is loaded by checkPoints, which reports what is wrong at its point.
 */
async function loadAtOnce(plan: SweepPlan, workers: readonly Worker[], io: Io): Promise<void> {
  const byKey = new Map<string, TrainConfig>();
  for (const p of plan.points)
    if (!byKey.has(plan.loadData.keyOf(p.config))) byKey.set(plan.loadData.keyOf(p.config), p.config);
  const configs = [...byKey.values()];
  if (workers.length === 0 || configs.length < 2) return;
  const fits = (c: TrainConfig) => {
    try {
      checkDataMemory(c.data, io.platform.memory);
      return true;
    } catch {
      return false;
    }
  };
  const lanes = workers.length + 1;
  const theirs = configs.flatMap((c, i) => (i % lanes === 0 || !fits(c) ? [] : [{ c, w: workers[(i % lanes) - 1]! }]));
  const arriving = theirs.map(({ c, w }) => loadOnWorker(w, c));
  for (const c of configs.filter((_c, i) => i % lanes === 0 && fits(_c))) {
    try {
      plan.loadData(c, seedStreams(c.seed));
    } catch {
      // checkPoints loads it again and reports the error at its point
    }
  }
  (await Promise.all(arriving)).forEach((dataset, k) => {
    if (dataset !== null) plan.loadData.adopt(theirs[k]!.c, dataset);
  });
}

/**
 * --out DIR created, or accepted when it holds nothing but this grid's files (sweep.json,
 * records/, report.html, point folders, locks: a retry, or another shard); other content needs --force.
 */
function openSweepDir(plan: SweepPlan, request: SweepRequest): string {
  if (request.out === undefined) return prepareOutputDir(plan.dir, request.force, true);
  const own = new Set<string>([SWEEP_FILES.document, SWEEP_FILES.report, RECORDS_FOLDER, ...plan.names]);
  const entries = fs.existsSync(plan.dir) && fs.statSync(plan.dir).isDirectory() ? fs.readdirSync(plan.dir) : [];
  const foreign = entries.filter((n) => !own.has(n) && !n.startsWith(".lock") && !n.endsWith(".tmp"));
  if (foreign.length > 0 && !request.force) {
    throw new UsageError(
      `--out ${plan.dir}: directory is not empty and holds more than this sweep (${foreign[0]}): ` +
        "use --force to write into it",
    );
  }
  return prepareOutputDir(plan.dir, true);
}

async function sweepInDir(plan: SweepPlan, request: SweepRequest, options: SweepOptions): Promise<SweepOutcome> {
  const { out } = options;
  if (plan.shardSource !== null) out.info(`shard ${formatShard(plan.shard)} from ${plan.shardSource}`);
  out.info(
    `sweep ${plan.identity.name}: ${plan.pointsTotal} points ` +
      `(${plan.axes.map((a) => `${a.texts.length} ${a.key}`).join(" × ")}); ` +
      `shard ${formatShard(plan.shard)} runs ${plan.points.length}: ` +
      `${plan.points.map((p) => p.point.index).join(", ") || "none"}`,
  );
  const actions = plan.points.map((p) => pointAction(path.join(plan.dir, p.name), request.force));
  const records = plan.points.map((p, k) => {
    const action = actions[k]!;
    const pending = pendingRecord(p, plan);
    if (action.kind !== "skip") return pending;
    out.info(
      `point ${p.point.index}: ${path.join(plan.dir, p.name)} holds a finished run (${action.summary.status}): skipped`,
    );
    return finishedRecord(pending, action.summary);
  });
  // a skipped point's record is rewritten from its summary; a point to run gets "pending" unless recorded already
  const fresh = records.filter((r, k) => actions[k]!.kind === "skip" || !fs.existsSync(recordFile(plan.dir, r.dir)));
  let document = writeSweepDocument(plan.dir, documentOf(plan, records), fresh);
  const todo = plan.points.flatMap((_p, k) => (actions[k]!.kind === "skip" ? [] : [k]));
  const onDone = (k: number, summary: RunSummary) => {
    records[k] = finishedRecord(records[k]!, summary);
    document = writeSweepDocument(plan.dir, documentOf(plan, records), [records[k]!]);
  };
  await runPoints(plan, request, options, todo, actions, onDone);
  const report = writeSweepReport(plan.dir, document);
  out.info(
    `\nsweep directory: ${plan.dir} ` +
      `(${SWEEP_FILES.document}${report ? `, ${SWEEP_FILES.report}: ${report.report.runs.length} runs` : ""})`,
  );
  return { plan, records, document };
}

/** Skip a finished run, resume an interrupted (or killed) one, start the rest; --force starts all. */
function pointAction(dir: string, force: boolean): PointAction {
  if (force) return { kind: "fresh" };
  const summaryFile = path.join(dir, RUN_FILES.summary);
  if (fs.existsSync(summaryFile)) {
    const summary = readJsonFile(summaryFile) as RunSummary;
    if (summary.status !== "interrupted") return { kind: "skip", summary };
    return { kind: "resume" };
  }
  return fs.existsSync(path.join(dir, RUN_FILES.config)) ? { kind: "resume" } : { kind: "fresh" };
}

/** The points `todo` (indices into plan.points) in order, one at a time or K at once. */
async function runPoints(
  plan: SweepPlan,
  request: SweepRequest,
  options: SweepOptions,
  todo: number[],
  actions: PointAction[],
  onDone: (k: number, summary: RunSummary) => void,
): Promise<void> {
  const { io, out } = options;
  const cores = io.platform.cores;
  const jobs = sweepJobs(
    options.jobs,
    cores,
    todo.map((k) => plan.points[k]!),
    (p) => plan.loadData.cached(p.config),
  );
  const threads = options.threads ?? Math.max(1, Math.floor(cores / jobs));
  const workers = options.workers ?? [];
  for (const w of workers.slice(jobs - 1)) void w.terminate(); // started for lanes this sweep does not use
  const job = (k: number): PointJob => ({
    config: plan.points[k]!.config,
    dir: path.join(plan.dir, plan.points[k]!.name),
    resume: actions[k]!.kind === "resume",
    force: true,
  });
  /** runTrainingToDir of job k, its output through `lane` */
  const train = async (j: PointJob, lane: Io, laneOut: Reporter, shouldStop: () => boolean) => {
    const common = { io: lane, out: laneOut, threads, allowSlow: request.allowSlow, loadData: plan.loadData };
    return (
      await runTrainingToDir(j.config, j.dir, { ...j, ...common, command: "sgd sweep", chart: false, shouldStop })
    ).summary;
  };
  let stopRequested = false;
  let pool: SweepPool | null = null;
  const removeHandler = io.onInterrupt(() => {
    stopRequested = true;
    pool?.stop();
  });
  try {
    if (jobs === 1) {
      for (const [n, k] of todo.entries()) {
        if (stopRequested) break;
        const p = plan.points[k]!;
        const verb = actions[k]!.kind === "resume" ? " (resuming)" : "";
        out.info(
          `\n[${n + 1}/${todo.length}] point ${p.point.index}: ${describePoint(p.point)} → ${job(k).dir}${verb}`,
        );
        onDone(k, await train(job(k), io, out, () => stopRequested));
      }
      return;
    }
    out.info(`${jobs} points at a time, ${threads} thread${threads === 1 ? "" : "s"} each`);
    const settings = { quiet: out.quiet, threads, allowSlow: request.allowSlow };
    // the workers the caller started, then more if --jobs asks for more (all ended by runSweep)
    workers.push(...startSweepWorkers(jobs - 1 - workers.length, io));
    const here = (j: PointJob, stderr: (text: string) => void, shouldStop: () => boolean) => {
      const lane: Io = { ...io, stderr, isTTY: false };
      return train(j, lane, createReporter(lane, { quiet: out.quiet }), shouldStop);
    };
    const label = (k: number) => `[point ${plan.points[k]!.point.index}] `;
    const toPoolJob = (k: number) => {
      const p = plan.points[k]!;
      const what = `${describePoint(p.point)} → ${job(k).dir}${actions[k]!.kind === "resume" ? " (resuming)" : ""}`;
      return { ...job(k), label: label(k), announce: out.quiet ? "" : what };
    };
    const lanes = workers.slice(0, jobs - 1);
    shareDatasets(
      lanes,
      todo.map((k) => plan.points[k]!.config),
      plan.loadData.cached,
    );
    pool = new SweepPool(todo.map(toPoolJob), lanes, settings, io, here);
    if (stopRequested) pool.stop();
    await pool.run((j, summary) => onDone(todo[j]!, summary));
  } finally {
    removeHandler();
  }
}

function documentOf(plan: SweepPlan, points: SweepPointRecord[]): SweepDocument {
  return {
    format: SWEEP_FORMAT,
    version: SWEEP_VERSION,
    ...plan.identity,
    config: plan.configFile,
    points_total: plan.pointsTotal,
    points,
  };
}

function pendingRecord(p: PlannedPoint, plan: SweepPlan): SweepPointRecord {
  return {
    index: p.point.index,
    dir: p.name,
    overrides: Object.fromEntries(p.point.assignments.map((a) => [a.key, a.value])),
    shard: formatShard(plan.shard),
    status: "pending",
    steps: null,
    final: null,
    timing: null,
    divergence: null,
  };
}
