/**
 * How the main thread of a worker team waits for a part a worker has claimed: it spins on the
 * worker's DONE word for spinMs (a kernel's part is ≤ ~200 µs: sleeping would cost more than the
 * part), then sleeps in Atomics.wait, woken by the worker's notify. While waiting it looks, every
 * SPINS_PER_CHECK loads, for a worker whose setup failed, one that has not started startTimeoutMs
 * after the team was made, or a part running longer than partTimeoutMs.
 */
import { doneSlot, stateSlot, WORKER_STATE } from "./team-memory.js";

export interface PartWait {
  /** spin this long for a part still running before sleeping (0: sleep at once; long parts) */
  spinMs: number;
  /** a worker not started this long after the team was made is taken for one that never will */
  startTimeoutMs: number;
  /** a part not finished this long after the main thread began to wait means its worker is gone (Infinity: no limit) */
  partTimeoutMs: number;
}

export type PartOutcome = "done" | "setup failed" | "not started" | "timed out";

/** Loads of the DONE word between two looks at the clock. */
const SPINS_PER_CHECK = 256;
/** Longest sleep between two looks at the worker (a notify ends it sooner). */
const SLEEP_SLICE_MS = 50;

/** Waits until worker w has stored `job` in its DONE word, or says why it never will. */
export function awaitPart(c: Int32Array, w: number, job: number, wait: PartWait, teamStartedAt: number): PartOutcome {
  const slot = doneSlot(w),
    state = stateSlot(w);
  let spins = 0,
    since = 0;
  for (let done = Atomics.load(c, slot); done !== job; done = Atomics.load(c, slot)) {
    if (++spins < SPINS_PER_CHECK) continue;
    spins = 0;
    const now = performance.now();
    since = since === 0 ? now : since;
    const s = Atomics.load(c, state);
    if (s === WORKER_STATE.FAILED) return "setup failed";
    if (s === WORKER_STATE.STARTING && now - teamStartedAt > wait.startTimeoutMs) return "not started";
    if (s === WORKER_STATE.SERVING && now - since > wait.partTimeoutMs) return "timed out";
    if (now - since < wait.spinMs) continue;
    Atomics.wait(c, slot, done, SLEEP_SLICE_MS);
  }
  return "done";
}
