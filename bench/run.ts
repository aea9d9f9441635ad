/**
 * `npm run bench` (issue 7): sgd's training throughput, kernel GFLOP/s, finite-difference gradient time
 * and peak RSS, beside the numpy reference of the peers benchmark measured in the same run.
 *   speed × numpy = sgd samples/s ÷ numpy samples/s  (times: numpy seconds ÷ sgd seconds); > 1 = sgd faster
 *   GFLOP/s = 2·B·I·O / seconds per call (median of interleaved samples)
 * Flags: --quick (fewer repeats), --skip-numpy, --kernel-table (also run bench/kernels.ts). Writes bench/out/results.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  closeNumpy, locatePeers, meanOfRuns, prepareNumpy, runNumpyGradient, runNumpyTraining, type NumpyHarness, type NumpyReference, type NumpyTrainingRun,
} from "./numpy-reference.js";
import type { Dataset } from "../src/data/dataset.js";
import { timeKernels } from "./kernel-rates.js";
import { buildTable, printPhases, printTable, type BenchResults, type Plan } from "./results-table.js";
import { loadBenchData, measureFiniteDifference, measurePhases, measureThroughput, type GradientTime, type PhaseSplit, type Throughput } from "./train-bench.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const FLAGS = ["--quick", "--skip-numpy", "--kernel-table", "--help"];

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").trim().split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}

const peakRssMiB = (): number => process.resourceUsage().maxRSS / 1024;
const log = (line: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

function measureTraining(plan: Plan, data: Dataset, rss: { afterFirst: number }): Throughput[] {
  const runs: Throughput[] = [];
  const cases: [number[], number, "auto" | "typescript"][] = [
    [[128], 32, "auto"], [[128], 32, "typescript"], [[128], 1, "auto"], [[256, 128], 32, "auto"], [[256, 128], 1, "auto"],
  ];
  for (const [hidden, batch, engine] of cases) {
    log(`training 784-${hidden.join("-")}-10, batch ${batch}, engine ${engine}`);
    runs.push(measureThroughput(data, hidden, batch, engine, plan.repeats, plan.batch1Steps));
    if (runs.length === 1) rss.afterFirst = peakRssMiB();
  }
  return runs;
}

function measurePhaseSplits(plan: Plan, data: Dataset): PhaseSplit[] {
  log("phase split of one step");
  return [measurePhases(data, [128], 32, plan.phaseSteps), measurePhases(data, [256, 128], 32, plan.phaseSteps), measurePhases(data, [128], 1, 4 * plan.phaseSteps)];
}

function measureGradients(plan: Plan, data: Dataset): GradientTime[] {
  return (["float64", "float32"] as const).map((precision) => {
    log(`finite differences 784-32-10, ${precision}`);
    return measureFiniteDifference(data, [32], precision, plan.repeats);
  });
}

function runKernelTable(): void {
  log("bench/kernels.ts (the full kernel table)");
  spawnSync(process.execPath, ["--import", "tsx", "bench/kernels.ts"], { cwd: REPO, stdio: "inherit" });
}

function parseFlags(argv: string[]): Plan | null {
  const unknown = argv.filter((a) => !FLAGS.includes(a));
  if (unknown.length > 0 || argv.includes("--help")) {
    if (unknown.length > 0) console.error(`bench: unknown option ${unknown.join(" ")}`);
    console.error("usage: npm run bench -- [--quick] [--skip-numpy] [--kernel-table]");
    return null;
  }
  const quick = argv.includes("--quick");
  return { quick, repeats: quick ? 1 : 3, batch1Steps: quick ? 300 : 1000, phaseSteps: quick ? 100 : 250, kernelSamples: quick ? 5 : 15 };
}

/** The sgd measurements, in order: training, phases, kernels, finite differences. */
function measureSgd(plan: Plan, argv: string[]): Omit<BenchResults, "date" | "machine" | "plan" | "numpy"> {
  const data = loadBenchData();
  const rss = { afterFirst: 0 };
  const training = measureTraining(plan, data, rss);
  const phases = measurePhaseSplits(plan, data);
  log("kernels at 32×784×128");
  const kernels = timeKernels(data.train, plan.kernelSamples);
  const finiteDifference = measureGradients(plan, data);
  const peakRss = { afterFirstTraining: rss.afterFirst, end: peakRssMiB() };
  if (argv.includes("--kernel-table")) runKernelTable();
  return { training, phases, kernels, finiteDifference, peakRssMiB: peakRss };
}

/** sgd's measurements between two numpy training runs, then numpy's gradient timing. */
function measureAll(plan: Plan, argv: string[]): Omit<BenchResults, "date" | "machine" | "plan"> {
  const prepared = argv.includes("--skip-numpy") ? { skipped: "--skip-numpy" } : prepareNumpy(REPO, locatePeers(REPO, process.env));
  if ("skipped" in prepared) {
    log(`numpy reference skipped: ${prepared.skipped}`);
    return { ...measureSgd(plan, argv), numpy: { status: "skipped", reason: prepared.skipped } };
  }
  const h: NumpyHarness = prepared;
  try {
    const runs: NumpyTrainingRun[][] = [];
    const train = (when: string): void => {
      log(`numpy reference, ${when}: numpy_mlp.py --update=blas, 1 thread`);
      const r = runNumpyTraining(h);
      if (r !== null) runs.push(r);
    };
    train("start");
    const sgd = measureSgd(plan, argv);
    train("end");
    log("numpy reference: grad_numpy.py (float64)");
    const gradient = runNumpyGradient(h);
    const numpy: NumpyReference = {
      status: "ok", peersDir: h.peersDir, version: h.version, training: meanOfRuns(runs), trainingRuns: runs, gradient, problems: h.problems,
    };
    return { ...sgd, numpy };
  } finally {
    closeNumpy(h);
  }
}

function main(argv: string[]): number {
  const plan = parseFlags(argv);
  if (plan === null) return argv.includes("--help") ? 0 : 2;
  const loadAverageStart = loadAverage();
  const measured = measureAll(plan, argv);
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version, loadAverageStart, loadAverageEnd: loadAverage(),
    },
    plan, ...measured,
  };
  const table = buildTable(results);
  printTable(results, table);
  printPhases(results.phases);
  const outDir = join(REPO, "bench", "out");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify({ ...results, table }, null, 1)}\n`);
  console.log(`\nwrote ${join("bench", "out", "results.json")}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
