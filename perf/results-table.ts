/**
 * The one table of `npm run bench`: per workload sgd's figure, numpy's, the speed ratio and the
 * issue-7 target. speed × numpy = sgd samples/s ÷ numpy samples/s, or numpy seconds ÷ sgd seconds
 * for times, so > 1 always means sgd is faster. Also the phase split of one training step.
 */
import type { Ceiling } from "./ceiling.js";
import type { KernelRate } from "./kernel-rates.js";
import type { EndToEndRound } from "./end-to-end.js";
import type { PeerResults } from "./peer-rows.js";
import type { NumpyReference, NumpyTrainingRun } from "./numpy-reference.js";
import type { GradientTime, PhaseSplit, Throughput } from "./train-bench.js";

export interface Plan {
  quick: boolean;
  /** rounds of (numpy training, sgd training) */
  rounds: number;
  /** per round: epochs at batch 32, repeats of `batch1Steps` at batch 1 (the peers protocol: 3 and 1,000) */
  repeats: number;
  batch1Steps: number;
  /** full finite-difference gradients timed per case */
  fdRuns: number;
  phaseSteps: number;
  kernelSamples: number;
}

/** Everything one run measured (written to perf/out/results.json with the table). */
export interface BenchResults {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    loadAverageStart: string;
    loadAverageEnd: string;
  };
  plan: Plan;
  /** training[r] = round r's workloads (the TypeScript engine's in round 0 only) */
  training: Throughput[][];
  /** fullMnist[r] = round r's epoch of the 60,000 digits (784-128-10, batch 32) */
  fullMnist: Throughput[];
  phases: PhaseSplit[];
  kernels: KernelRate[];
  finiteDifference: GradientTime[];
  peakRssMiB: { afterFirstTraining: number; end: number };
  numpy: NumpyReference;
  /** the Python peers run beside numpy (perf/python-peers.ts) */
  peers: PeerResults;
  /** per round: sgd train as a user runs it, and numpy's script of the same run (perf/end-to-end.ts) */
  endToEnd: EndToEndRound[];
  /** the one-core ceiling of 128-bit wasm SIMD and each network's fastest possible step at it (perf/ceiling.ts) */
  ceiling: Ceiling;
}

export interface TableRow {
  workload: string;
  unit: string;
  sgd: number | null;
  /** the median sample, where the figure is the fastest of several samples (kernels) */
  sgdMedian?: number;
  numpy: number | null;
  /** > 1: sgd faster */
  speedVsNumpy: number | null;
  /** training: the lowest and highest sgd ÷ numpy of single rounds, or "" */
  roundRatios?: string;
  /** "≥ 1.0× numpy", "≥ 40 GFLOP/s" or "" */
  target: string;
  met: boolean | null;
  /** test accuracy after 3 epochs at batch 32 (sgd / numpy), or "" */
  accuracy: string;
  /** other processes' CPU use during the measurement, cores (sgd / numpy) */
  otherLoad: string;
}

const GFLOPS_TARGET = 40;
const percent = (a: number | null | undefined): string =>
  a === null || a === undefined ? "–" : `${(100 * a).toFixed(1)}%`;
const load = (a: number | null | undefined): string => (a === null || a === undefined ? "–" : a.toFixed(2));

/** A workload's figure per round, with the numpy figure of the same round (null where numpy did not run). */
interface Paired {
  first: Throughput;
  sgd: number[];
  numpy: (number | null)[];
  otherLoad: number[];
}

/** numpy runs to pair a workload with: on as many OpenBLAS threads as sgd's engine has (1 or 2). */
function numpyRunsFor(r: BenchResults, threads: number): NumpyTrainingRun[][] {
  if (r.numpy.status !== "ok") return [];
  return threads === 1 ? r.numpy.trainingRuns : r.numpy.trainingRuns2Threads;
}

function pairRounds(r: BenchResults): Paired[] {
  const byKey = new Map<string, Paired>();
  r.training.forEach((round, i) => {
    for (const t of round) {
      const key = `${t.arch}|${t.batchSize}|${t.engine}|${t.threads}`;
      const p = byKey.get(key) ?? { first: t, sgd: [], numpy: [], otherLoad: [] };
      const ref = numpyRunsFor(r, t.threads)[i]?.find((n) => n.arch === t.arch);
      p.sgd.push(t.samplesPerSecond);
      p.numpy.push(ref === undefined ? null : t.batchSize === 1 ? ref.batch1_samples_per_s : ref.batch32_samples_per_s);
      p.otherLoad.push(t.otherLoadCores);
      byKey.set(key, p);
    }
  });
  const order = (t: Throughput): string =>
    `${t.arch}|${9 - String(t.batchSize).length}|${t.engine === "typescript" ? 1 : 0}|${t.threads}`;
  return [...byKey.values()].sort((a, b) => order(a.first).localeCompare(order(b.first)));
}

/**
 * sgd and numpy: the fastest round of each (the least slowed by the shared host: its slow spells are
 * invisible in /proc/stat); speed = their ratio; roundRatios: the spread of the ratios of single rounds.
 */
function trainingRows(r: BenchResults): TableRow[] {
  const numpyRuns = r.numpy.status === "ok" ? r.numpy.trainingRuns : [];
  const numpyLoads = numpyRuns.flatMap((run) => run.map((n) => n.other_load_cores ?? 0));
  return pairRounds(r).map(({ first: t, sgd, numpy: numpyByRound, otherLoad }) => {
    const numpy = numpyByRound.filter((v): v is number => v !== null);
    const ratios = sgd.flatMap((v, i) => (numpyByRound[i] == null ? [] : [v / numpyByRound[i]!]));
    const ratio = numpy.length > 0 ? Math.max(...sgd) / Math.max(...numpy) : null;
    const accuracy = numpyRuns[0]?.find((n) => n.arch === t.arch)?.test_accuracy_after_3_epochs;
    // the targets are set against numpy on 1 thread; 2-thread rows are compared with numpy on 2
    const targeted = t.engine !== "typescript" && t.threads === 1 && (t.arch === "784-128-10" || t.batchSize === 32);
    const threads = t.threads === 1 ? "" : `, ${t.threads} threads; numpy --update=numpy on ${t.threads}`;
    return {
      workload: `train ${t.arch}, batch ${t.batchSize} (${t.engine}${threads})`,
      unit: "samples/s",
      sgd: Math.max(...sgd),
      numpy: numpy.length > 0 ? Math.max(...numpy) : null,
      speedVsNumpy: ratio,
      roundRatios: ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : "",
      target: targeted ? "≥ 1.0× numpy" : "",
      met: targeted && ratio !== null ? ratio >= 1 : null,
      accuracy: t.batchSize === 1 ? "" : `${percent(t.testAccuracy)} / ${percent(accuracy)}`,
      otherLoad: `${load(mean(otherLoad))} / ${load(numpyLoads.length > 0 ? mean(numpyLoads) : null)}`,
    };
  });
}

const mean = (values: number[]): number => values.reduce((a, v) => a + v, 0) / values.length;

/** One epoch of the 60,000 digits at batch 32: each side's fastest round, numpy on its own OpenBLAS kernels. */
function fullMnistRow(r: BenchResults): TableRow | null {
  const first = r.fullMnist[0];
  if (first === undefined) return null;
  const runs = r.numpy.status === "ok" ? r.numpy.fullMnistRuns : [];
  const sgd = r.fullMnist.map((t) => t.samplesPerSecond),
    numpy = runs.flatMap((n) => (n === null ? [] : [n.samples_per_s]));
  const ratios = sgd.flatMap((v, i) => (runs[i] == null ? [] : [v / runs[i]!.samples_per_s]));
  const loads = runs.flatMap((n) => (n === null ? [] : [n.other_load_cores ?? 0]));
  return {
    workload: `train ${first.arch}, batch 32, one epoch of the full MNIST 60,000 (${first.engine}; numpy, own kernels)`,
    unit: "samples/s",
    sgd: Math.max(...sgd),
    numpy: numpy.length > 0 ? Math.max(...numpy) : null,
    speedVsNumpy: numpy.length > 0 ? Math.max(...sgd) / Math.max(...numpy) : null,
    roundRatios: ratios.length > 1 ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}` : "",
    target: "",
    met: null,
    accuracy: `${percent(first.testAccuracy)} / ${percent(runs.find((n) => n !== null)?.test_accuracy)}`,
    otherLoad: `${load(mean(r.fullMnist.map((t) => t.otherLoadCores)))} / ${load(loads.length > 0 ? mean(loads) : null)}`,
  };
}

function kernelRows(r: BenchResults): TableRow[] {
  return r.kernels.map((k) => {
    const targeted = k.dense && k.engine !== "typescript";
    return {
      workload: `kernel ${k.kernel} ${k.shape} (${k.engine})`,
      unit: "GFLOP/s",
      sgd: k.bestGflops,
      sgdMedian: k.gflops,
      numpy: null,
      speedVsNumpy: null,
      target: targeted ? `≥ ${GFLOPS_TARGET} GFLOP/s` : "",
      met: targeted ? k.bestGflops >= GFLOPS_TARGET : null,
      accuracy: "",
      otherLoad: load(k.otherLoadCores),
    };
  });
}

function gradientRows(r: BenchResults): TableRow[] {
  const ref = r.numpy.status === "ok" ? r.numpy.gradient : null;
  const numpy = ref?.fd784x32x10?.fd_seconds ?? null;
  return r.finiteDifference.map((g) => {
    const ratio = numpy === null ? null : numpy / g.seconds;
    return {
      workload: `central FD gradient ${g.arch} (${g.parameters.toLocaleString("en-US")} params), 1 sample, ${g.precision} (${g.engine}), ${g.threads} thread${g.threads === 1 ? "" : "s"} vs numpy float64`,
      unit: "s",
      sgd: g.seconds,
      numpy,
      speedVsNumpy: ratio,
      target: "≤ numpy time",
      met: ratio === null ? null : ratio >= 1,
      accuracy: "",
      otherLoad: `${load(g.otherLoadCores)} / ${load(ref?.otherLoadCores)}`,
    };
  });
}

export function buildTable(r: BenchResults): TableRow[] {
  const rss: TableRow = {
    workload: "peak RSS of the bench process (all workloads; after the first training)",
    unit: "MiB",
    sgd: r.peakRssMiB.end,
    numpy: null,
    speedVsNumpy: null,
    target: "",
    met: null,
    accuracy: "",
    otherLoad: `after first: ${r.peakRssMiB.afterFirstTraining.toFixed(0)} MiB`,
  };
  const full = fullMnistRow(r);
  return [...trainingRows(r), ...(full === null ? [] : [full]), ...kernelRows(r), ...gradientRows(r), rss];
}

function figure(value: number | null, unit: string): string {
  if (value === null) return "–";
  if (unit === "samples/s" || unit === "MiB") return Math.round(value).toLocaleString("en-US");
  if (unit === "GFLOP/s") return value.toFixed(1);
  return value.toPrecision(3);
}

export function printTable(r: BenchResults, rows: TableRow[]): void {
  const m = r.machine;
  console.log(
    `\nsgd bench ${r.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · node ${m.node}${r.plan.quick ? " · --quick" : ""}`,
  );
  console.log(
    `load average (1/5/15 min) at start ${m.loadAverageStart}, at end ${m.loadAverageEnd} (a shared 2-core machine)`,
  );
  if (r.numpy.status === "ok") {
    console.log(`numpy reference: ${r.numpy.version}, OPENBLAS_NUM_THREADS=1, from ${r.numpy.peersDir}`);
    if (r.numpy.problems.length > 0) console.log(`numpy problems: ${r.numpy.problems.join("; ")}`);
  } else {
    console.log(`numpy reference skipped: ${r.numpy.reason}`);
  }
  console.log(
    `training: ${r.plan.rounds} round(s) of numpy then sgd, back to back; each figure is its fastest round (range: lowest–highest sgd ÷ numpy of a single round)`,
  );
  console.log(
    "speed × numpy > 1 means sgd is faster (samples/s ratio; for times, numpy s ÷ sgd s); kernels: best (median) sample, judged on the best\n",
  );
  console.log(
    "| workload | unit | sgd | peer (numpy unless named) | speed × peer (range) | target | met | test acc. sgd / peer | other load sgd / peer |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const ratio =
      row.speedVsNumpy === null
        ? "–"
        : `${row.speedVsNumpy.toFixed(2)}×${row.roundRatios ? ` (${row.roundRatios})` : ""}`;
    const met = row.met === null ? "" : row.met ? "yes" : "NO";
    console.log(
      `| ${row.workload} | ${row.unit} | ${figure(row.sgd, row.unit)}${row.sgdMedian === undefined ? "" : ` (median ${figure(row.sgdMedian, row.unit)})`} | ${figure(row.numpy, row.unit)} | ${ratio} | ${row.target} | ${met} | ${row.accuracy} | ${row.otherLoad} |`,
    );
  }
  const round0 = r.training[0] ?? [];
  const wasm = round0.find((t) => t.arch === "784-128-10" && t.batchSize === 32 && t.engine !== "typescript");
  const ts = round0.find((t) => t.arch === "784-128-10" && t.batchSize === 32 && t.engine === "typescript");
  if (wasm !== undefined && ts !== undefined) {
    console.log(
      `\n${wasm.engine} engine ÷ TypeScript engine, 784-128-10 batch 32, round 1: ${(wasm.samplesPerSecond / ts.samplesPerSecond).toFixed(1)}×`,
    );
  }
}

export function printPhases(phases: PhaseSplit[]): void {
  console.log(
    "\nphases of one training step (mean µs per step; forward = a separate forward+loss pass on the same batch, inside gradient's share):\n",
  );
  console.log(
    "| network, batch (engine) | fill batch | gradient (forward + backward) | of which forward | update | step total |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const p of phases) {
    const total = p.fillMicros + p.gradientMicros + p.updateMicros;
    const cell = (us: number): string => `${us.toFixed(1)} µs (${((100 * us) / total).toFixed(0)}%)`;
    console.log(
      `| ${p.arch}, batch ${p.batchSize} (${p.engine}${p.threads === 1 ? "" : `, ${p.threads} threads`}) | ${cell(p.fillMicros)} | ${cell(p.gradientMicros)} | ${cell(p.forwardMicros)} | ${cell(p.updateMicros)} | ${total.toFixed(1)} µs |`,
    );
  }
}
