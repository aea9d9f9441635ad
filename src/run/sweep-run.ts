/**
 * A sweep, after planSweep has checked every point: for each point of the shard, one training
 * run into DIR/<index>-<key=value,…>/ (runTrainingToDir), with sweep.json rewritten after each
 * point and report.html (the runs overlaid) at the end. A diverged point does not stop the
 * others; an interrupt stops after the current point's checkpoint and leaves the rest pending.
 */
import path from "node:path";
import { prepareOutputDir } from "../report/run-directory.js";
import { SWEEP_FILES, writeSweepDocument, writeSweepReport } from "../report/sweep-files.js";
import type { RunSummary } from "../report/train-run.js";
import { describePoint } from "../sweep/grid.js";
import { formatShard } from "../sweep/shard.js";
import { SWEEP_FORMAT, SWEEP_VERSION, type SweepDocument, type SweepPointRecord } from "../sweep/sweep-document.js";
import type { PrepareOptions } from "./prepare-run.js";
import { planSweep, type PlannedPoint, type SweepPlan, type SweepRequest } from "./sweep-plan.js";
import { runTrainingToDir } from "./train-run.js";

export interface SweepOutcome {
  plan: SweepPlan;
  /** this shard's points, in index order, as sweep.json records them */
  records: SweepPointRecord[];
  document: SweepDocument;
}

export async function runSweep(
  request: SweepRequest,
  options: Omit<PrepareOptions, "allowSlow"> & { threads: number },
): Promise<SweepOutcome> {
  const { io, out, threads } = options;
  const plan = planSweep(request, io);
  prepareOutputDir(plan.dir, request.force);
  out.info(
    `sweep ${plan.identity.name}: ${plan.pointsTotal} points ` +
      `(${plan.axes.map((a) => `${a.texts.length} ${a.key}`).join(" × ")}); ` +
      `shard ${formatShard(plan.shard)} runs ${plan.points.length}: ` +
      `${plan.points.map((p) => p.point.index).join(", ") || "none"}`,
  );
  const records = plan.points.map((p) => pendingRecord(p, plan));
  let document = writeSweepDocument(plan.dir, documentOf(plan, records));
  let stopRequested = false;
  const removeHandler = io.onInterrupt(() => (stopRequested = true));
  try {
    for (const [k, p] of plan.points.entries()) {
      if (stopRequested) break;
      const dir = path.join(plan.dir, p.name);
      out.info(`\n[${k + 1}/${plan.points.length}] point ${p.point.index}: ${describePoint(p.point)} → ${dir}`);
      const { summary } = await runTrainingToDir(p.config, dir, {
        io,
        out,
        threads,
        allowSlow: request.allowSlow,
        resume: false,
        force: request.force,
        chart: false,
        shouldStop: () => stopRequested,
        loadData: plan.loadData,
      });
      records[k] = finishedRecord(records[k]!, summary);
      document = writeSweepDocument(plan.dir, documentOf(plan, records));
    }
  } finally {
    removeHandler();
  }
  const report = writeSweepReport(plan.dir, document);
  out.info(
    `\nsweep directory: ${plan.dir} ` +
      `(${SWEEP_FILES.document}${report ? `, ${SWEEP_FILES.report}: ${report.report.runs.length} runs` : ""})`,
  );
  return { plan, records, document };
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
    health: { verdict: summary.health.verdict, reasons: summary.health.reasons },
  };
}
