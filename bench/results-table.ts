/**
 * The one table of `npm run bench`: per workload sgd's figure, numpy's, the speed ratio and the
 * issue-7 target. speed × numpy = sgd samples/s ÷ numpy samples/s, or numpy seconds ÷ sgd seconds
 * for times, so > 1 always means sgd is faster. Also the phase split of one training step.
 */
import type { KernelRate } from "./kernel-rates.js";
import type { NumpyReference } from "./numpy-reference.js";
import type { GradientTime, PhaseSplit, Throughput } from "./train-bench.js";

export interface Plan {
  quick: boolean;
  /** epochs at batch 32, repeats of `batch1Steps` at batch 1, FD runs */
  repeats: number;
  batch1Steps: number;
  phaseSteps: number;
  kernelSamples: number;
}

/** Everything one run measured (written to bench/out/results.json with the table). */
export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; loadAverageStart: string; loadAverageEnd: string };
  plan: Plan;
  training: Throughput[];
  phases: PhaseSplit[];
  kernels: KernelRate[];
  finiteDifference: GradientTime[];
  peakRssMiB: { afterFirstTraining: number; end: number };
  numpy: NumpyReference;
}

export interface TableRow {
  workload: string;
  unit: string;
  sgd: number | null;
  numpy: number | null;
  /** > 1: sgd faster */
  speedVsNumpy: number | null;
  /** "≥ 1.0× numpy", "≥ 40 GFLOP/s" or "" */
  target: string;
  met: boolean | null;
  /** test accuracy after 3 epochs at batch 32 (sgd / numpy), or "" */
  accuracy: string;
  /** other processes' CPU use during the measurement, cores (sgd / numpy) */
  otherLoad: string;
}

const GFLOPS_TARGET = 40;
const percent = (a: number | null | undefined): string => (a === null || a === undefined ? "–" : `${(100 * a).toFixed(1)}%`);
const load = (a: number | null | undefined): string => (a === null || a === undefined ? "–" : a.toFixed(2));

function trainingRows(r: BenchResults): TableRow[] {
  const numpyRuns = r.numpy.status === "ok" ? r.numpy.training ?? [] : [];
  return r.training.map((t: Throughput) => {
    const ref = numpyRuns.find((n) => n.arch === t.arch);
    const numpy = ref === undefined ? null : t.batchSize === 1 ? ref.batch1_samples_per_s : ref.batch32_samples_per_s;
    const ratio = numpy === null ? null : t.samplesPerSecond / numpy;
    const targeted = t.engine !== "typescript" && (t.arch === "784-128-10" || t.batchSize === 32);
    return {
      workload: `train ${t.arch}, batch ${t.batchSize} (${t.engine})`,
      unit: "samples/s",
      sgd: t.samplesPerSecond,
      numpy,
      speedVsNumpy: ratio,
      target: targeted ? "≥ 1.0× numpy" : "",
      met: targeted && ratio !== null ? ratio >= 1 : null,
      accuracy: t.batchSize === 1 ? "" : `${percent(t.testAccuracy)} / ${percent(ref?.test_accuracy_after_3_epochs)}`,
      otherLoad: `${load(t.otherLoadCores)} / ${load(ref?.other_load_cores)}`,
    };
  });
}

function kernelRows(r: BenchResults): TableRow[] {
  return r.kernels.map((k) => {
    const targeted = k.dense && k.engine !== "typescript";
    return {
      workload: `kernel ${k.kernel} ${k.shape} (${k.engine})`,
      unit: "GFLOP/s",
      sgd: k.gflops,
      numpy: null,
      speedVsNumpy: null,
      target: targeted ? `≥ ${GFLOPS_TARGET} GFLOP/s` : "",
      met: targeted ? k.gflops >= GFLOPS_TARGET : null,
      accuracy: "",
      otherLoad: "",
    };
  });
}

function gradientRows(r: BenchResults): TableRow[] {
  const ref = r.numpy.status === "ok" ? r.numpy.gradient : null;
  const numpy = ref?.fd784x32x10?.fd_seconds ?? null;
  return r.finiteDifference.map((g) => {
    const ratio = numpy === null ? null : numpy / g.seconds;
    return {
      workload: `central FD gradient ${g.arch} (${g.parameters.toLocaleString("en-US")} params), 1 sample, ${g.precision} (${g.engine}) vs numpy float64`,
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
    unit: "MiB", sgd: r.peakRssMiB.end, numpy: null, speedVsNumpy: null, target: "", met: null,
    accuracy: "", otherLoad: `after first: ${r.peakRssMiB.afterFirstTraining.toFixed(0)} MiB`,
  };
  return [...trainingRows(r), ...kernelRows(r), ...gradientRows(r), rss];
}

function figure(value: number | null, unit: string): string {
  if (value === null) return "–";
  if (unit === "samples/s" || unit === "MiB") return Math.round(value).toLocaleString("en-US");
  if (unit === "GFLOP/s") return value.toFixed(1);
  return value.toPrecision(3);
}

export function printTable(r: BenchResults, rows: TableRow[]): void {
  const m = r.machine;
  console.log(`\nsgd bench ${r.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · node ${m.node}${r.plan.quick ? " · --quick" : ""}`);
  console.log(`load average (1/5/15 min) at start ${m.loadAverageStart}, at end ${m.loadAverageEnd} (a shared 2-core machine)`);
  if (r.numpy.status === "ok") {
    const runs = r.numpy.trainingRuns.length;
    console.log(`numpy reference: ${r.numpy.version}, OPENBLAS_NUM_THREADS=1, from ${r.numpy.peersDir}; training = mean of ${runs} run(s) (start and end of the bench)`);
    if (r.numpy.problems.length > 0) console.log(`numpy problems: ${r.numpy.problems.join("; ")}`);
  } else {
    console.log(`numpy reference skipped: ${r.numpy.reason}`);
  }
  console.log("speed × numpy > 1 means sgd is faster (samples/s ratio; for times, numpy s ÷ sgd s)\n");
  console.log("| workload | unit | sgd | numpy | speed × numpy | target | met | test acc. sgd / numpy | other load sgd / numpy |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const ratio = row.speedVsNumpy === null ? "–" : `${row.speedVsNumpy.toFixed(2)}×`;
    const met = row.met === null ? "" : row.met ? "yes" : "NO";
    console.log(`| ${row.workload} | ${row.unit} | ${figure(row.sgd, row.unit)} | ${figure(row.numpy, row.unit)} | ${ratio} | ${row.target} | ${met} | ${row.accuracy} | ${row.otherLoad} |`);
  }
  const wasm = r.training.find((t) => t.arch === "784-128-10" && t.batchSize === 32 && t.engine !== "typescript");
  const ts = r.training.find((t) => t.arch === "784-128-10" && t.batchSize === 32 && t.engine === "typescript");
  if (wasm !== undefined && ts !== undefined) {
    console.log(`\n${wasm.engine} engine ÷ TypeScript engine, 784-128-10 batch 32: ${(wasm.samplesPerSecond / ts.samplesPerSecond).toFixed(1)}×`);
  }
}

export function printPhases(phases: PhaseSplit[]): void {
  console.log("\nphases of one training step (mean µs per step; forward = a separate forward+loss pass on the same batch, inside gradient's share):");
  console.log("| network, batch (engine) | fill batch | gradient (forward + backward) | of which forward | update | step total |");
  console.log("|---|---|---|---|---|---|");
  for (const p of phases) {
    const total = p.fillMicros + p.gradientMicros + p.updateMicros;
    const cell = (us: number): string => `${us.toFixed(1)} µs (${((100 * us) / total).toFixed(0)}%)`;
    console.log(`| ${p.arch}, batch ${p.batchSize} (${p.engine}) | ${cell(p.fillMicros)} | ${cell(p.gradientMicros)} | ${cell(p.forwardMicros)} | ${cell(p.updateMicros)} | ${total.toFixed(1)} µs |`);
  }
}
