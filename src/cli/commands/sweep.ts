/**
 * `sgd sweep --config FILE --grid KEY=V1,V2,… [--grid …] [--shard I/N]`: wiring only — flags to
 * runSweep (src/run/sweep-run.ts: plan every point, train this shard's, sweep.json, report.html),
 * then the table on stdout (or sweep.json with --json) and the exit code.
 * Exit 0 when every point of the shard completed, 3 when one diverged (the others still run),
 * 130 when interrupted (after the current point's checkpoint; later points are left pending).
 * The run and report modules load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import type { Command } from "commander";
import { DivergedError, InterruptedError } from "../../core/errors.js";
import { formatShard } from "../../sweep/shard.js";
import type { SweepPointRecord } from "../../sweep/sweep-document.js";
import {
  githubFor,
  parsePositive,
  parseThreads,
  THREADS_HELP,
  withCiOptions,
  withCommonOptions,
  withSetOption,
  writeJUnitFor,
  type CiFlags,
  type RunFlags,
} from "../command-options.js";
import type { Reporter } from "../../report/reporter.js";
import type { CliContext } from "../command-options.js";
import { SLOW_RUN_SECONDS } from "../../run/run-limits.js";
import type { SweepPlan } from "../../run/sweep-plan.js";
import { startSweepWorkers } from "../../run/sweep-pool.js";

interface SweepFlags extends RunFlags, CiFlags {
  config: string;
  grid: string[];
  shard?: string;
  shardCount?: string;
  jobs?: string;
  list?: boolean;
}

const HELP = `
Points: the cartesian product of every --grid, numbered from 0 in --grid order with the last
key varying fastest; each value is read as YAML, like --set (0.1, full, [64,32]). Each point is
trained like sgd train into DIR/<index>-<key=value,…>/ (a normal run directory). Every point's
config is checked before the first one trains: a bad key or value exits 2 and writes nothing.
DIR (default runs/sweep-<name>-<YYYYMMDD-HHMMSS>) also gets sweep.json (each point's overrides,
run directory, status and final metrics) and report.html (the runs overlaid).

--jobs K trains K points at once (default: the machine's cores, capped by the points, when each
point trains on ≥ 1e8 parameter-samples, else 1), each in a worker thread with cores/K threads;
the results are those of a serial sweep.
--shard I/N runs only the points whose index ≡ I−1 (mod N); the numbering is the same in
every shard. --shard auto reads I/N from the job array's variables (Kubernetes, Slurm, AWS
Batch, Cloud Run, GitLab; --shard-count N or SGD_SHARD_COUNT where they give no count).
Shards may share one --out: each point writes its own record (records/) and sweep.json is
rebuilt from them. Run again, a sweep skips finished points and resumes interrupted ones
(--force redoes them). --list prints the points as JSON lines and trains nothing.

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
    .option(
      "--grid <key=values>",
      "a config key and comma-separated values, e.g. optimizer.learningRate=0.01,0.1; repeatable",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--shard <i/n>", "run only points with index ≡ I−1 (mod N), e.g. 2/3; auto: from the job array")
    .option("--shard-count <n>", "with --shard auto: the number of shards, where the scheduler gives none")
    .option("--jobs <k>", "points trained at once, in worker threads (default: the cores for big points, else 1)")
    .option("--list", "print the points (index, directory, overrides) as JSON lines; train nothing")
    .option("--out <dir>", "sweep directory (default runs/sweep-<name>-<timestamp>)")
    .option("--force", "redo finished points, and allow writing into a --out that holds other files")
    .option("--seed <n>", "override the config's seed for every point")
    .option("--threads <n>", THREADS_HELP)
    .option("--allow-slow", `start points estimated to take over ${SLOW_RUN_SECONDS / 3600} h each`)
    .addHelpText("after", HELP);
  withCiOptions(withSetOption(withCommonOptions(cmd))).action(async (flags: SweepFlags) => {
    ctx.exitCode = await sweepCommand(flags, ctx);
  });
}

async function sweepCommand(flags: SweepFlags, ctx: CliContext): Promise<number> {
  const { io } = ctx;
  const jobs = flags.jobs === undefined ? undefined : parsePositive(flags.jobs, "--jobs");
  const threads = flags.threads === undefined ? undefined : parseThreads(flags.threads, io.platform.cores);
  // the workers load their modules beside this thread's; runSweep ends them (and those it does not use)
  const lanes = flags.list === true ? 1 : Math.min(jobs ?? io.platform.cores, io.platform.cores);
  const workers = startSweepWorkers(lanes - 1, io);
  const [{ createReporter }, { planSweep }, { runSweep }, { formatSweepTable }, ci] = await Promise.all([
    import("../../report/reporter.js"),
    import("../../run/sweep-plan.js"),
    import("../../run/sweep-run.js"),
    import("../../report/sweep-table.js"),
    import("../../report/ci-reports.js"),
  ]).catch(async (err: unknown) => {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  });
  const out = createReporter(io, flags);
  const request = { ...flags, allowSlow: flags.allowSlow === true, force: flags.force === true };
  if (flags.list === true) {
    const plan = planSweep({ ...request, list: true }, io);
    if (plan.shardSource !== null) out.info(`shard ${formatShard(plan.shard)} from ${plan.shardSource}`);
    for (const p of plan.points) {
      const overrides = Object.fromEntries(p.point.assignments.map((a) => [a.key, a.value]));
      io.stdout(`${JSON.stringify({ index: p.point.index, dir: p.name, overrides })}\n`);
    }
    return 0;
  }
  const { plan, records, document } = await runSweep(request, { io, out, threads, jobs, workers });
  out.result(document, formatSweepTable(document));
  const github = githubFor(io, flags);
  github.summary(ci.sweepMarkdown(document));
  github.outputs(ci.sweepOutputs(plan.dir, document));
  writeJUnitFor(io, flags, "sgd sweep", [ci.sweepJUnit(document, records)]);
  return exitStatus(records, plan, out);
}

/** What the interrupted points say: one with its --resume line, several by index and step. */
function stoppedPoints(interrupted: readonly SweepPointRecord[], dir: string): string {
  const [first] = interrupted;
  if (first === undefined) return "";
  if (interrupted.length === 1)
    return (
      `point ${first.index} stopped at step ${first.steps} with its checkpoint saved ` +
      `(continue it with: sgd train --resume ${path.join(dir, first.dir)}); `
    );
  const which = interrupted.map((r) => `${r.index} (step ${r.steps})`).join(", ");
  return `points ${which} stopped with their checkpoints saved; `;
}

/** 0, or the error for the worst outcome among this shard's points: interrupted (130), then diverged (3). */
function exitStatus(records: readonly SweepPointRecord[], plan: SweepPlan, out: Reporter): number {
  const interrupted = records.filter((r) => r.status === "interrupted");
  const pending = records.filter((r) => r.status === "pending");
  if (interrupted.length > 0 || pending.length > 0) {
    const at = stoppedPoints(interrupted, plan.dir);
    throw new InterruptedError(
      `sweep interrupted: ${at}` +
        (pending.length > 0 ? `${pending.length} point(s) not run (${pending.map((r) => r.index).join(", ")}); ` : "") +
        `run the same command again to resume ${interrupted.length + pending.length > 1 ? "them" : "it"}`,
    );
  }
  const diverged = records.filter((r) => r.status === "diverged");
  if (diverged.length > 0) {
    throw new DivergedError(
      `${diverged.length} of ${records.length} points diverged: ${diverged.map((r) => r.dir).join("; ")} ` +
        `(the others ran; logs kept in ${plan.dir})`,
    );
  }
  if (records.length === 0)
    out.warn(`shard ${formatShard(plan.shard)} has no points: the grid has only ${plan.pointsTotal}`);
  return 0;
}
