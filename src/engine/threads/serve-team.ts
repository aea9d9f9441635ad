/**
 * The worker side of a WorkerTeam (worker-team.ts), called by a team's worker script:
 *   serveTeam(team, index, setUp)   setUp() builds this thread's functions, by the team's names
 * then READY += 1, and for each new job: claim part index + 1 (CLAIM OPEN → WORKER; it may have
 * been taken back, or the job may have no such part), run it if won, store the job in DONE.
 * Between jobs the worker spins on its JOB word for idleSpinMs, then sleeps in Atomics.wait. A
 * part that throws is reported (the main thread rethrows it); a setUp that throws is reported and
 * ends the worker.
 */
import {
  CLAIM,
  claimSlot,
  doneSlot,
  functionsInOrder,
  jobSlot,
  PART_SLOTS,
  READY,
  runPart,
  stateSlot,
  STOP,
  WORKER_STATE,
  type TeamFunction,
  type TeamFunctions,
  type TeamMemory,
} from "./team-memory.js";
import { SharedWorkerError } from "./worker-error.js";

/** Loads of the JOB word between two looks at the clock. */
const SPINS_PER_CHECK = 256;

export function serveTeam<F extends TeamFunctions<F>>(team: TeamMemory, index: number, setUp: () => F): void {
  const c = new Int32Array(team.control),
    slots = new Float64Array(team.slots),
    base = index * PART_SLOTS;
  const jobWord = jobSlot(index),
    done = doneSlot(index),
    claim = claimSlot(index),
    partError = new SharedWorkerError(team.partError);
  let functions: TeamFunction[];
  try {
    functions = functionsInOrder(setUp(), team.functions, "team worker");
  } catch (error) {
    new SharedWorkerError(team.setupError).report(index, error);
    announce(c, index, WORKER_STATE.FAILED);
    return;
  }
  // the job of the moment counts as new (JOB is read before READY is announced): a worker that
  // starts while a job runs still claims its part if the main thread has not taken it back
  let seen = Atomics.load(c, jobWord) - 1;
  announce(c, index, WORKER_STATE.SERVING);
  for (;;) {
    seen = nextJob(c, jobWord, seen, team.idleSpinMs);
    if (Atomics.load(c, STOP) === 1) return;
    // the arguments are read after the claim is won: they are then those of the part claimed
    if (Atomics.compareExchange(c, claim, CLAIM.OPEN, CLAIM.WORKER) === CLAIM.OPEN) {
      try {
        runPart(functions, slots, base);
      } catch (error) {
        partError.report(index, error);
      }
    }
    Atomics.store(c, done, seen);
    Atomics.notify(c, done);
  }
}

/** Worker `index`'s STATE ← `state`, READY += 1 when serving, and a wake-up for a main thread waiting on either. */
function announce(c: Int32Array, index: number, state: number): void {
  Atomics.store(c, stateSlot(index), state);
  if (state === WORKER_STATE.SERVING) Atomics.add(c, READY, 1);
  Atomics.notify(c, READY);
  Atomics.notify(c, doneSlot(index));
}

/** The first number other than `seen` in c[slot] (a JOB word): spins for spinMs, then sleeps until it changes. */
function nextJob(c: Int32Array, slot: number, seen: number, spinMs: number): number {
  let job = Atomics.load(c, slot);
  for (let spins = 0, since = performance.now(); job === seen; job = Atomics.load(c, slot)) {
    if (++spins < SPINS_PER_CHECK) continue;
    spins = 0;
    if (performance.now() - since < spinMs) continue;
    Atomics.wait(c, slot, seen);
    since = performance.now();
  }
  return job;
}
