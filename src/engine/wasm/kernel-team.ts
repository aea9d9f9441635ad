/**
 * The kernel team: the wasm engine's calls split over a WorkerTeam (../threads/worker-team.ts),
 * the main thread and `helpers` workers, each with its own instance of the module on the one
 * shared memory. split-exports.ts cuts a call into parts; part 0 runs here, part t on worker t − 1:
 *   team.post(t, "gemm_nt", …part t's arguments) for t ≥ 1 → team.run(parts, "gemm_nt", …part 0's)
 * A part is 2–200 µs of work, so the workers spin IDLE_SPIN_MS after a job before they sleep, and
 * the main thread spins JOIN_SPIN_MS for a claimed part. Until every worker runs, `threads` is 1.
 */
import { WorkerTeam } from "../threads/worker-team.js";
import type { KernelExports } from "./kernel-exports.js";
import type { WasmMemory, WasmModule } from "./webassembly-api.js";

/** The exports a worker can run, in the order a part names them by. */
export const KERNEL_TEAM_FUNCTIONS = [
  "gemm_nt",
  "gemm_nn",
  "gemm_tn",
  "sparse_rows",
  "sgd",
  "sgd_runs",
  "sgd_momentum",
] as const;
/** Their names and typed arguments, as the module declares them. */
export type KernelTeamFunctions = Pick<KernelExports, (typeof KERNEL_TEAM_FUNCTIONS)[number]>;
export type KernelTeam = WorkerTeam<KernelTeamFunctions>;

/** What each worker instantiates (workerData.data). */
export interface KernelTeamWorkerData {
  module: WasmModule;
  memory: WasmMemory;
}

/**
 * Idle time a worker spins before sleeping. A step's next kernel comes within microseconds, but a
 * garbage collection or a log line can pause the main thread for a few milliseconds, and a worker
 * that slept then wakes too late for the next parts (the main thread takes them back).
 */
const IDLE_SPIN_MS = 5;
/**
 * The main thread spins this long for a part still running, then sleeps. A part is ≤ ~200 µs;
 * a longer wait means the worker is not running (more threads than free cores), and sleeping frees the core.
 */
const JOIN_SPIN_MS = 1;
/** A claimed part that has not finished after this long means its worker is gone. */
const PART_TIMEOUT_MS = 60_000;

/**
 * `helpers` workers on `memory` (shared) with their own instances of `module`; `own`: this thread's
 * instance's exports.
 */
export function startKernelTeam(
  module: WasmModule,
  memory: WasmMemory,
  helpers: number,
  own: KernelTeamFunctions,
): KernelTeam {
  const data: KernelTeamWorkerData = { module, memory };
  return new WorkerTeam<KernelTeamFunctions>({
    name: "kernel team worker",
    script: "kernel-team-worker",
    base: import.meta.url,
    helpers,
    functions: KERNEL_TEAM_FUNCTIONS,
    own,
    data,
    idleSpinMs: IDLE_SPIN_MS,
    // the kernel team never waits for a worker to start: it splits no call until all run
    wait: { spinMs: JOIN_SPIN_MS, startTimeoutMs: Infinity, partTimeoutMs: PART_TIMEOUT_MS },
  });
}
