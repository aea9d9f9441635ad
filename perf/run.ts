/**
 * `npm run bench`: sgd's training throughput (on the bench's 8,000 digits, and one epoch of the full
 * 60,000), kernel GFLOP/s, finite-difference gradient time and peak RSS, beside the numpy reference of
 * the peers benchmark measured in the same run.
 *   speed × numpy = sgd samples/s ÷ numpy samples/s  (times: numpy seconds ÷ sgd seconds); > 1 = sgd faster
 *   GFLOP/s = 2·B·I·O / seconds per call (median of interleaved samples)
 * Flags: --quick (1 round, 1 FD run), --skip-numpy, --kernel-table (also run perf/kernels.ts). Writes perf/out/results.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  closeNumpy,
  locatePeers,
  prepareNumpy,
  runNumpyFullMnist,
  runNumpyGradient,
  runNumpyTraining,
  type NumpyFullMnistRun,
  type NumpyHarness,
  type NumpyReference,
  type NumpyTrainingRun,
} from "./numpy-reference.js";
import type { Dataset } from "../src/data/dataset.js";
import { ceilingOf, printCeiling } from "./ceiling.js";
import { timeKernels } from "./kernel-rates.js";
import { measureSimdPeak, type SimdPeak } from "./simd-peak.js";
import { measureEndToEnd, type EndToEndRound } from "./end-to-end.js";
import { endToEndRows, peerRows, printPeerNotes, type PeerResults } from "./peer-rows.js";
import { availablePeers, runPeer, type PeerRuns } from "./python-peers.js";
import { buildTable, printPhases, printTable, type BenchResults, type Plan } from "./results-table.js";
import {
  disposeTrainingBuilds,
  loadBenchData,
  loadFullMnistData,
  measureFiniteDifference,
  measurePhases,
  measureThroughput,
  type GradientTime,
  type PhaseSplit,
  type Throughput,
} from "./train-bench.js";

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

/** The wasm-engine workloads of every round [hidden, batch, threads], and the reference-engine one (first round only). */
const ROUND_CASES: [number[], number, number][] = [
  [[128], 32, 1],
  [[128], 1, 1],
  [[256, 128], 32, 1],
  [[256, 128], 1, 1],
  [[128], 32, 2],
  [[256, 128], 32, 2],
];
const TYPESCRIPT_CASE: [number[], number] = [[128], 32];

/**
 * `plan.rounds` rounds of (numpy training, then sgd training), back to back, so each sgd figure has
 * a numpy figure measured under nearly the same load of the shared machine.
 */
function measureTrainingRounds(
  plan: Plan,
  data: Dataset,
  numpy: NumpyHarness | null,
  rss: { afterFirst: number },
  peers: PeerResults,
): {
  training: Throughput[][];
  numpyRuns: NumpyTrainingRun[][];
  numpyRuns2Threads: NumpyTrainingRun[][];
  endToEnd: EndToEndRound[];
} {
  const training: Throughput[][] = [],
    numpyRuns: NumpyTrainingRun[][] = [],
    numpyRuns2Threads: NumpyTrainingRun[][] = [],
    endToEnd: EndToEndRound[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    if (numpy !== null) {
      log(`round ${r + 1}/${plan.rounds}: numpy (numpy_mlp.py --update=blas on 1 thread, then --update=numpy on 2)`);
      numpyRuns.push(runNumpyTraining(numpy, 1) ?? []);
      numpyRuns2Threads.push(runNumpyTraining(numpy, 2) ?? []);
      for (const peer of peers.runs) {
        const available = peers.availability.find((a) => a.id === peer.id);
        if (available?.ok !== true) continue;
        log(`round ${r + 1}/${plan.rounds}: ${peer.id} (${available.python})`);
        peer.runs.push(runPeer(numpy, available));
      }
    }
    log(`round ${r + 1}/${plan.rounds}: sgd training`);
    const round: Throughput[] = [];
    for (const [hidden, batch, threads] of ROUND_CASES) {
      round.push(measureThroughput(data, hidden, batch, "auto", plan.repeats, plan.batch1Steps, threads));
      if (rss.afterFirst === 0) rss.afterFirst = peakRssMiB();
    }
    if (r === 0) {
      log("TypeScript engine, 784-128-10 batch 32");
      round.push(
        measureThroughput(data, TYPESCRIPT_CASE[0], TYPESCRIPT_CASE[1], "typescript", plan.repeats, plan.batch1Steps),
      );
    }
    training.push(round);
    log(
      `round ${r + 1}/${plan.rounds}: end to end (sgd train of the Quick start${numpy === null ? "" : ", numpy's script"})`,
    );
    endToEnd.push(measureEndToEnd(REPO, numpy !== null));
  }
  return { training, numpyRuns, numpyRuns2Threads, endToEnd };
}

/** The full-MNIST row: per round, numpy's epoch of the 60,000 digits, then sgd's (784-128-10, batch 32, 1 thread). */
function measureFullMnist(
  plan: Plan,
  numpy: NumpyHarness | null,
): { sgd: Throughput[]; numpy: (NumpyFullMnistRun | null)[] } {
  log("full MNIST: loading the 60,000 + 10,000 digits (source: mnist-full)");
  const data = loadFullMnistData();
  const sgd: Throughput[] = [],
    numpyRuns: (NumpyFullMnistRun | null)[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    if (numpy !== null) {
      log(`round ${r + 1}/${plan.rounds}: full MNIST, numpy (perf/numpy_full_mnist.py, its own OpenBLAS kernels)`);
      numpyRuns.push(runNumpyFullMnist(numpy, REPO));
    }
    log(`round ${r + 1}/${plan.rounds}: full MNIST, sgd`);
    sgd.push(measureThroughput(data, [128], 32, "auto", 1, plan.batch1Steps));
  }
  return { sgd, numpy: numpyRuns };
}

function measurePhaseSplits(plan: Plan, data: Dataset): PhaseSplit[] {
  log("phase split of one step");
  return [
    measurePhases(data, [128], 32, plan.phaseSteps),
    measurePhases(data, [128], 32, plan.phaseSteps, 2),
    measurePhases(data, [256, 128], 32, plan.phaseSteps),
    measurePhases(data, [256, 128], 32, plan.phaseSteps, 2),
    measurePhases(data, [128], 1, 4 * plan.phaseSteps),
  ];
}

function measureGradients(plan: Plan, data: Dataset): GradientTime[] {
  const cases = (["float64", "float32"] as const).flatMap((precision) =>
    [1, 2].map((threads) => ({ precision, threads })),
  );
  return cases.map(({ precision, threads }) => {
    log(`finite differences 784-32-10, ${precision}, ${threads} thread(s)`);
    return measureFiniteDifference(data, [32], precision, plan.fdRuns, threads);
  });
}

function runKernelTable(): void {
  log("perf/kernels.ts (the full kernel table)");
  spawnSync(process.execPath, ["--import", "tsx", "perf/kernels.ts"], { cwd: REPO, stdio: "inherit" });
}

function parseFlags(argv: string[]): Plan | null {
  const unknown = argv.filter((a) => !FLAGS.includes(a));
  if (unknown.length > 0 || argv.includes("--help")) {
    if (unknown.length > 0) console.error(`bench: unknown option ${unknown.join(" ")}`);
    console.error("usage: npm run bench -- [--quick] [--skip-numpy] [--kernel-table]");
    return null;
  }
  const quick = argv.includes("--quick");
  return {
    quick,
    rounds: quick ? 1 : 5,
    repeats: 3,
    batch1Steps: 1000,
    fdRuns: quick ? 1 : 3,
    phaseSteps: 500,
    kernelSamples: quick ? 5 : 15,
  };
}

/**
 * Training rounds (with numpy's), phases, kernels, finite differences, then numpy's gradient timing; the phases'
 * fastest possible steps at `peak` (the ceiling).
 */
function measureAll(plan: Plan, argv: string[], peak: SimdPeak): Omit<BenchResults, "date" | "machine" | "plan"> {
  const prepared = argv.includes("--skip-numpy")
    ? { skipped: "--skip-numpy" }
    : prepareNumpy(REPO, locatePeers(REPO, process.env));
  const h: NumpyHarness | null = "skipped" in prepared ? null : prepared;
  if ("skipped" in prepared) log(`numpy reference skipped: ${prepared.skipped}`);
  try {
    const data = loadBenchData();
    const rss = { afterFirst: 0 };
    const availability = h === null ? [] : availablePeers(process.env);
    const peers: PeerResults = {
      availability,
      runs: availability.flatMap((a): PeerRuns[] => (a.ok ? [{ id: a.id, version: a.version, runs: [] }] : [])),
    };
    const { training, numpyRuns, numpyRuns2Threads, endToEnd } = measureTrainingRounds(plan, data, h, rss, peers);
    const fullMnist = measureFullMnist(plan, h);
    const phases = measurePhaseSplits(plan, data);
    void disposeTrainingBuilds();
    log("kernels at 32×784×128");
    const kernels = timeKernels(data.train, plan.kernelSamples);
    const finiteDifference = measureGradients(plan, data);
    const peakRss = { afterFirstTraining: rss.afterFirst, end: peakRssMiB() };
    if (argv.includes("--kernel-table")) runKernelTable();
    let numpy: NumpyReference = { status: "skipped", reason: "skipped" in prepared ? prepared.skipped : "" };
    if (h !== null) {
      log("numpy reference: grad_numpy.py (float64)");
      const gradient = runNumpyGradient(h);
      numpy = {
        status: "ok",
        peersDir: h.peersDir,
        version: h.version,
        trainingRuns: numpyRuns,
        trainingRuns2Threads: numpyRuns2Threads,
        fullMnistRuns: fullMnist.numpy,
        gradient,
        problems: h.problems,
      };
    }
    return {
      training,
      fullMnist: fullMnist.sgd,
      phases,
      kernels,
      finiteDifference,
      peakRssMiB: peakRss,
      numpy,
      peers,
      endToEnd,
      ceiling: ceilingOf(peak, phases, data.train),
    };
  } finally {
    if (h !== null) closeNumpy(h);
  }
}

async function main(argv: string[]): Promise<number> {
  const plan = parseFlags(argv);
  if (plan === null) return argv.includes("--help") ? 0 : 2;
  const loadAverageStart = loadAverage();
  log("the ceiling: perf/simd-peak.ts");
  const measured = measureAll(plan, argv, await measureSimdPeak());
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageStart,
      loadAverageEnd: loadAverage(),
    },
    plan,
    ...measured,
  };
  const table = [
    ...buildTable(results),
    ...peerRows(results, results.peers),
    ...endToEndRows(results, results.endToEnd),
  ];
  printTable(results, table);
  printPeerNotes(results, results.peers);
  for (const p of results.endToEnd.flatMap((e) => e.problems)) console.log(`end to end: ${p}`);
  printPhases(results.phases);
  printCeiling(results.ceiling);
  const outDir = join(REPO, "perf", "out");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify({ ...results, table }, null, 1)}\n`);
  console.log(`\nwrote ${join("perf", "out", "results.json")}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
