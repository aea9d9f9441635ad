/**
 * One worker of a KernelTeam: its own instance of the kernel module on the team's shared memory.
 * For each new job number it claims its part (compare-and-swap open → worker; the main thread may
 * have taken it back, or there is none), runs it if it won (function index + arguments from the
 * argument array), then stores the job number in its done slot. Between jobs it spins on the job
 * counter for IDLE_SPIN_MS, then sleeps in Atomics.wait.
 */
import { workerData } from "node:worker_threads";
import {
  ARG_SLOTS,
  CLAIM,
  claimSlot,
  CONTROL,
  doneSlot,
  TEAM_FUNCTIONS,
  type KernelTeamWorkerData,
  type TeamKernel,
} from "./kernel-team.js";
import { SharedWorkerError } from "../threads/worker-error.js";
import { webAssembly } from "./webassembly-api.js";

/**
 * Idle time spent spinning before sleeping. A step's next kernel comes within microseconds, but a
 * garbage collection or a log line can pause the main thread for a few milliseconds, and a worker
 * that slept then wakes too late for the next parts (the main thread takes them back).
 */
const IDLE_SPIN_MS = 5;
/** Loads of the job counter between two looks at the clock. */
const SPINS_PER_CHECK = 256;

function serve(data: KernelTeamWorkerData): void {
  const c = new Int32Array(data.control),
    args = new Float64Array(data.args),
    base = data.index * ARG_SLOTS;
  const done = doneSlot(data.index),
    claim = claimSlot(data.index),
    failure = new SharedWorkerError(data.error);
  let kernels: TeamKernel[];
  try {
    const exports = new webAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as Record<
      string,
      TeamKernel
    >;
    kernels = TEAM_FUNCTIONS.map((name) => exports[name]!);
  } catch (error) {
    failure.report(data.index, error);
    return;
  }
  // the job number is read before announcing readiness: a job started the moment READY is seen must count as new
  let seen = Atomics.load(c, CONTROL.JOB);
  Atomics.add(c, CONTROL.READY, 1);
  Atomics.notify(c, CONTROL.READY);
  for (;;) {
    let job = Atomics.load(c, CONTROL.JOB);
    for (let spins = 0, since = performance.now(); job === seen; job = Atomics.load(c, CONTROL.JOB)) {
      if (++spins < SPINS_PER_CHECK) continue;
      spins = 0;
      if (performance.now() - since < IDLE_SPIN_MS) continue;
      Atomics.wait(c, CONTROL.JOB, seen);
      since = performance.now();
    }
    seen = job;
    if (Atomics.load(c, CONTROL.STOP) === 1) return;
    // the arguments are read after the claim is won: they are then those of the part claimed
    if (Atomics.compareExchange(c, claim, CLAIM.OPEN, CLAIM.WORKER) === CLAIM.OPEN) {
      const fn = args[base]!;
      try {
        kernels[fn]!(
          args[base + 1]!,
          args[base + 2]!,
          args[base + 3]!,
          args[base + 4]!,
          args[base + 5]!,
          args[base + 6]!,
          args[base + 7]!,
          args[base + 8]!,
          args[base + 9]!,
          args[base + 10]!,
        );
      } catch (error) {
        failure.report(data.index, error);
      }
    }
    Atomics.store(c, done, job);
    Atomics.notify(c, done);
  }
}

serve(workerData as KernelTeamWorkerData);
