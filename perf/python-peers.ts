/**
 * The Python peers a user would pick instead of sgd, run from the peers harness's own scripts in the
 * same rounds as sgd (bench/PYTHON-PEERS.md of the harness: same data, initial weights and protocol as
 * numpy_mlp.py, and the same JSON keys):
 *   numpy-native  python3 bench/numpy_mlp.py --update=blas, OPENBLAS_NUM_THREADS=1, with OPENBLAS_CORETYPE
 *                 and OPENBLAS_L2_SIZE removed from its environment (this machine sets them for old OpenBLAS
 *                 builds; a current OpenBLAS then picks slower kernels): numpy with its proper kernels
 *   jax-jit       $SGD_BENCH_PYTHON bench/jax_mlp.py --variant=jit --threads=1   (jitted step, Python loop)
 *   jax-scan      $SGD_BENCH_PYTHON bench/jax_mlp.py --variant=scan --threads=1  (lax.scan over a chunk of steps)
 *   torch-eager   $SGD_BENCH_PYTHON bench/torch_mlp.py --variant=eager --threads=1
 * SGD_BENCH_PYTHON names a Python that has jax and torch (e.g. a venv made as PYTHON-PEERS.md says); a peer
 * that cannot run gets one line saying why instead of a figure.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { run, withOwnKernels, type NumpyHarness, type NumpyTrainingRun } from "./numpy-reference.js";

export const PEER_IDS = ["numpy-native", "jax-jit", "jax-scan", "torch-eager"] as const;
export type PeerId = (typeof PEER_IDS)[number];

interface PeerSpec {
  label: string;
  /** "system": python3 (numpy); "framework": $SGD_BENCH_PYTHON */
  python: "system" | "framework";
  module: string;
  script: string;
  args: string[];
  unsetOpenblasCpu: boolean;
}

export const PEERS: Record<PeerId, PeerSpec> = {
  "numpy-native": {
    label: "numpy, own OpenBLAS kernels",
    python: "system",
    module: "numpy",
    script: "bench/numpy_mlp.py",
    args: ["--update=blas"],
    unsetOpenblasCpu: true,
  },
  "jax-jit": {
    label: "JAX jit step",
    python: "framework",
    module: "jax",
    script: "bench/jax_mlp.py",
    args: ["--variant=jit", "--threads=1"],
    unsetOpenblasCpu: false,
  },
  "jax-scan": {
    label: "JAX lax.scan",
    python: "framework",
    module: "jax",
    script: "bench/jax_mlp.py",
    args: ["--variant=scan", "--threads=1"],
    unsetOpenblasCpu: false,
  },
  "torch-eager": {
    label: "PyTorch eager",
    python: "framework",
    module: "torch",
    script: "bench/torch_mlp.py",
    args: ["--variant=eager", "--threads=1"],
    unsetOpenblasCpu: false,
  },
};

/** Where a peer runs, or why it cannot. */
export type PeerAvailability =
  | { id: PeerId; ok: true; python: string; version: string }
  | { id: PeerId; ok: false; reason: string };

export interface PeerRuns {
  id: PeerId;
  version: string;
  /** runs[r] = round r's figures (null where the script failed) */
  runs: (NumpyTrainingRun[] | null)[];
}

const PeerOutput = z.object({
  version: z.string(),
  runs: z.array(
    z.object({
      arch: z.string(),
      batch32_samples_per_s: z.number(),
      batch1_samples_per_s: z.number(),
      test_accuracy_after_3_epochs: z.number(),
      other_load_cores: z.number().nullable(),
    }),
  ),
});

/** The environment a peer's script runs in: one thread, and for numpy-native no OpenBLAS CPU overrides. */
export function peerEnv(spec: PeerSpec, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return spec.unsetOpenblasCpu ? withOwnKernels(env, 1) : { ...env, OPENBLAS_NUM_THREADS: "1" };
}

type Probe = (python: string, module: string) => { version: string } | { error: string };

/** `python -c "import module; print(module.__version__)"`. */
const probeModule: Probe = (python, module) => {
  const r = spawnSync(python, ["-c", `import ${module}; print(${module}.__version__)`], { encoding: "utf8" });
  if (r.error !== undefined) return { error: `${python} cannot be run (${r.error.message})` };
  if (r.status !== 0) return { error: `${python} has no ${module}: ${r.stderr.trim().split("\n").pop() ?? ""}` };
  return { version: r.stdout.trim() };
};

/** Which peers can run: numpy-native with python3, the frameworks only with SGD_BENCH_PYTHON naming a Python that has them. */
export function availablePeers(env: NodeJS.ProcessEnv, probe: Probe = probeModule): PeerAvailability[] {
  const framework = env.SGD_BENCH_PYTHON?.trim() ?? "";
  return PEER_IDS.map((id): PeerAvailability => {
    const spec = PEERS[id];
    if (spec.python === "framework" && framework === "")
      return {
        id,
        ok: false,
        reason: `SGD_BENCH_PYTHON is not set (a Python with ${spec.module}: see perf/README.md, "Python peers")`,
      };
    const python = spec.python === "system" ? "python3" : framework;
    const found = probe(python, spec.module);
    return "error" in found
      ? { id, ok: false, reason: found.error }
      : { id, ok: true, python, version: `${spec.module} ${found.version}` };
  });
}

/** One run of a peer's script in the prepared harness (both networks, batch 32 and batch 1); null on failure. */
export function runPeer(h: NumpyHarness, peer: PeerAvailability & { ok: true }): NumpyTrainingRun[] | null {
  const spec = PEERS[peer.id];
  const out = join(h.work, `${peer.id}.json`);
  const problem = run(peer.python, [spec.script, out, ...spec.args], h.work, peerEnv(spec, process.env), 900);
  if (problem === null) return PeerOutput.parse(JSON.parse(readFileSync(out, "utf8"))).runs;
  h.problems.push(`${peer.id}: ${problem}`);
  return null;
}
