/**
 * `sgd sweep --config FILE --grid KEY=V1,V2,… [--grid …] [--shard I/N]`: wiring only.
 *   plan (every point's config, this shard's data: exit 2 before anything is written)
 *   → for each point of the shard: runTrainingToDir(DIR/<index>-<key=value,…>/) → sweep.json
 *   → report.html (runs overlaid) → table on stdout (or sweep.json with --json).
 * Exit 0 when every point of the shard completed, 3 when one diverged (the others still run),
 * 130 when interrupted (after the current point's checkpoint; later points are left pending).
 */
import path from "node:path";
import type { Command } from "commander";
import { DivergedError, InterruptedError } from "../../core/errors.js";
import { prepareOutputDir } from "../../report/run-directory.js";
import { SWEEP_FILES, writeSweepDocument, writeSweepReport } from "../../report/sweep-files.js";
import { formatSweepTable } from "../../report/sweep-table.js";
import type { RunSummary } from "../../report/train-run.js";
import { describePoint } from "../../sweep/grid.js";
import { formatShard } from "../../sweep/shard.js";
import { SWEEP_FORMAT, SWEEP_VERSION, type SweepDocument, type SweepPointRecord } from "../../sweep/sweep-document.js";
import { withCommonOptions, withSetOption } from "../command-options.js";
import { createReporter, type Reporter } from "../output.js";
import type { CliContext } from "../program.js";
import { planSweep, type PlannedPoint, type SweepPlan } from "../sweep-plan.js";
import { parseThreads, runTrainingToDir, SLOW_RUN_SECONDS, THREADS_HELP, type RunFlags } from "../../run/train-run.js";

interface SweepFlags extends RunFlags {
  config: string;
  grid: string[];
  shard?: string;
}

const HELP = `
Points: the cartesian product of every --grid, numbered from 0 in --grid order with the last
key varying fastest; each value is read as YAML, like --set (0.1, full, [64,32]). Each point is
trained like sgd train into DIR/<index>-<key=value,…>/ (a normal run directory). Every point's
config is checked before the first one trains: a bad key or value exits 2 and writes nothing.
DIR (default runs/sweep-<name>-<YYYYMMDD-HHMMSS>) also gets sweep.json (each point's overrides,
run directory, status and final metrics) and report.html (the runs overlaid).

--shard I/N runs only the points whose index ≡ I−1 (mod N); the numbering is the same in
every shard. Shards may share one --out (pass --force to each): each merges its points into
the sweep.json already there, which must describe the same sweep.

Exit codes: 0 every point completed · 2 usage or config error · 3 a point diverged (the
others still run) · 130 interrupted (the current point keeps its checkpoint).

Examples:
  sgd sweep --config configs/moons-backprop.yaml --grid optimizer.learningRate=0.03,0.1,0.3,1
  sgd sweep --config configs/mnist-minibatch.yaml --grid optimizer.batchSize=1,32,full \\
      --grid optimizer.learningRate=0.01,0.1 --set optimizer.epochs=2 --out runs/batch-lr
  sgd sweep --config configs/moons-backprop.yaml --grid seed=1,2,3,4 --grid 'model.hidden=[4],[8],[16,16]' \\
      --shard 2/3 --out runs/seeds --force        # one job of a 3-way CI matrix or job array
  sgd report runs/batch-lr/*/                     # the point runs overlaid, again
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("sweep")
    .description("train a grid of configs (e.g. learning rates × batch sizes); --shard I/N runs one slice")
    .requiredOption("--config <file>", "experiment config (.json, .yaml, .yml)")
    .option("--grid <key=values>", "a config key and comma-separated values, e.g. optimizer.learningRate=0.01,0.1; repeatable",
      (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option("--shard <i/n>", "run only points with index ≡ I−1 (mod N), e.g. 2/3")
    .option("--out <dir>", "sweep directory (default runs/sweep-<name>-<timestamp>)")
    .option("--force", "allow writing into a non-empty --out (and merge with the sweep.json there)")
    .option("--seed <n>", "override the config's seed for every point")
    .option("--threads <n>", THREADS_HELP)
    .option("--allow-slow", `start points estimated to take over ${SLOW_RUN_SECONDS / 3600} h each`)
    .addHelpText("after", HELP);
  withSetOption(withCommonOptions(cmd)).action(async (flags: SweepFlags) => {
    ctx.exitCode = await sweepCommand(flags, ctx);
  });
}

async function sweepCommand(flags: SweepFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const out = createReporter(io, flags);
  const threads = parseThreads(flags.threads);
  const force = flags.force === true;
  const plan = planSweep({ ...flags, allowSlow: flags.allowSlow === true, force }, io);
  prepareOutputDir(plan.dir, force);
  out.info(
    `sweep ${plan.identity.name}: ${plan.pointsTotal} points (${plan.axes.map((a) => `${a.texts.length} ${a.key}`).join(" × ")}); ` +
      `shard ${formatShard(plan.shard)} runs ${plan.points.length}: ${plan.points.map((p) => p.point.index).join(", ") || "none"}`,
  );

  const records = plan.points.map((p) => pendingRecord(p, plan));
  let doc = writeSweepDocument(plan.dir, documentOf(plan, records));
  let stopRequested = false;
  const removeHandler = io.onInterrupt(() => {
    stopRequested = true;
  });
  try {
    for (const [k, p] of plan.points.entries()) {
      if (stopRequested) break;
      const dir = path.join(plan.dir, p.name);
      out.info(`\n[${k + 1}/${plan.points.length}] point ${p.point.index}: ${describePoint(p.point)} → ${dir}`);
      const { summary } = await runTrainingToDir(p.config, dir, {
        io, out, threads, allowSlow: flags.allowSlow === true, resume: false, force, chart: false,
        shouldStop: () => stopRequested, loadData: plan.loadData,
      });
      records[k] = finishedRecord(records[k]!, summary);
      doc = writeSweepDocument(plan.dir, documentOf(plan, records));
    }
  } finally {
    removeHandler();
  }

  const report = writeSweepReport(plan.dir, doc);
  out.info(`\nsweep directory: ${plan.dir} (${SWEEP_FILES.document}${report ? `, ${SWEEP_FILES.report}: ${report.report.runs.length} runs` : ""})`);
  out.result(doc, formatSweepTable(doc));
  return exitStatus(records, plan, out);
}

/** 0, or the error for the worst outcome among this shard's points: interrupted (130), then diverged (3). */
function exitStatus(records: readonly SweepPointRecord[], plan: SweepPlan, out: Reporter): number {
  const interrupted = records.find((r) => r.status === "interrupted");
  const pending = records.filter((r) => r.status === "pending");
  if (interrupted !== undefined || pending.length > 0) {
    const at = interrupted
      ? `point ${interrupted.index} stopped at step ${interrupted.steps} with its checkpoint saved (continue it with: sgd train --resume ${path.join(plan.dir, interrupted.dir)}); `
      : "";
    throw new InterruptedError(
      `sweep interrupted: ${at}${pending.length} point(s) not run (${pending.map((r) => r.index).join(", ") || "none"}); ` +
        `run the shard again with --force to redo it`,
    );
  }
  const diverged = records.filter((r) => r.status === "diverged");
  if (diverged.length > 0) {
    throw new DivergedError(
      `${diverged.length} of ${records.length} points diverged: ${diverged.map((r) => r.dir).join("; ")} ` +
        `(the others ran; logs kept in ${plan.dir})`,
    );
  }
  if (records.length === 0) out.warn(`shard ${formatShard(plan.shard)} has no points: the grid has only ${plan.pointsTotal}`);
  return 0;
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

function finishedRecord(pending: SweepPointRecord, summary: RunSummary): SweepPointRecord {
  const d = summary.divergence;
  return {
    ...pending,
    status: summary.status,
    steps: summary.steps,
    final: summary.final,
    timing: summary.timing,
    divergence: d === null ? null : { step: d.step, learningRate: d.learningRate, reason: d.reason },
  };
}
