/**
 * The shared memory of a worker team (main side worker-team.ts, worker side serve-team.ts):
 *   control [Int32]  STOP, READY on the first 64-byte line; worker w's JOB, CLAIM, DONE, STATE on line w + 1
 *   slots [Float64]  worker w's part at w·PART_SLOTS: the function's index, then its arguments
 * A job is a number the main thread stores in every JOB(w). Worker w runs part w + 1 of it if it
 * wins CLAIM(w) (compare-and-swap OPEN → WORKER; the main thread takes a part back with OPEN →
 * MAIN), then stores the job in DONE(w). The words of one hand-off share a line, and no two
 * workers spin on the same line.
 */
import type { SharedWorkerError } from "./worker-error.js";

export const STOP = 0,
  READY = 1;
/** Int32 slots per 64-byte line: each worker's words sit on a line of their own. */
const LINE_INTS = 16;
export const jobSlot = (w: number): number => LINE_INTS * (w + 1);
export const claimSlot = (w: number): number => LINE_INTS * (w + 1) + 1;
export const doneSlot = (w: number): number => LINE_INTS * (w + 1) + 2;
export const stateSlot = (w: number): number => LINE_INTS * (w + 1) + 3;
export const controlBytes = (workers: number): number => 4 * LINE_INTS * (workers + 1);
export const CLAIM = { OPEN: 0, WORKER: 1, MAIN: 2 } as const;
/** A worker's STATE: setting up, serving jobs, or ended by a setUp that threw. */
export const WORKER_STATE = { STARTING: 0, SERVING: 1, FAILED: 2 } as const;

/** Float64 slots per part (two 64-byte lines): the function's index, then up to MAX_ARGS arguments. */
export const PART_SLOTS = 16;
export const MAX_ARGS = 11;

/** A function a team runs as a part: numbers in (at most MAX_ARGS of them), its result ignored. */
export type TeamFunction = (...args: number[]) => unknown;
/**
 * A team's functions by name, e.g. Pick<KernelExports, "gemm_nt" | "sgd">: the names and argument types
 * of its calls.
 */
export type TeamFunctions<F> = { [K in keyof F]: TeamFunction };
export type FunctionName<F> = keyof F & string;

/** What a team's workers share with the main thread (in workerData.team). */
export interface TeamMemory {
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
  /** SharedWorkerError buffers: the first error of a part (cleared when the main thread takes it), of a setup (kept) */
  partError: SharedArrayBuffer;
  setupError: SharedArrayBuffer;
  /** the team's functions in index order (a part names its function by index) */
  functions: readonly string[];
  /** how long a worker spins on its JOB word after a job before it sleeps in Atomics.wait */
  idleSpinMs: number;
}

/** A team worker's workerData: the team's memory, the worker's number, and what its script set up from. */
export interface TeamWorkerData<D> {
  team: TeamMemory;
  index: number;
  data: D;
}

/**
 * s[b] ← the function's index f, s[b + 1 …] ← its arguments; the slots past them get NaN
 * (undefined), which the function never reads. Called as writePart(s, b, f, ...args).
 */
export function writePart(
  s: Float64Array,
  b: number,
  f: number,
  x0?: number,
  x1?: number,
  x2?: number,
  x3?: number,
  x4?: number,
  x5?: number,
  x6?: number,
  x7?: number,
  x8?: number,
  x9?: number,
  x10?: number,
): void {
  s[b] = f;
  s[b + 1] = x0!;
  s[b + 2] = x1!;
  s[b + 3] = x2!;
  s[b + 4] = x3!;
  s[b + 5] = x4!;
  s[b + 6] = x5!;
  s[b + 7] = x6!;
  s[b + 8] = x7!;
  s[b + 9] = x8!;
  s[b + 10] = x9!;
  s[b + 11] = x10!;
}

/**
 * Runs the part at slots[base]: functions[slots[base]](slots[base + 1], …); a function ignores the
 * arguments past its own.
 */
export function runPart(functions: readonly TeamFunction[], s: Float64Array, base: number): void {
  const b = base;
  functions[s[b]!]!(
    s[b + 1]!,
    s[b + 2]!,
    s[b + 3]!,
    s[b + 4]!,
    s[b + 5]!,
    s[b + 6]!,
    s[b + 7]!,
    s[b + 8]!,
    s[b + 9]!,
    s[b + 10]!,
    s[b + 11]!,
  );
}

/** `table`'s functions in the order of `names`; a missing one is an Error naming it. */
export function functionsInOrder(table: object, names: readonly string[], team: string): TeamFunction[] {
  return names.map((name) => {
    const fn = (table as Record<string, unknown>)[name];
    if (typeof fn !== "function") throw new TypeError(`${team}: no function ${name}`);
    if (fn.length > MAX_ARGS)
      throw new RangeError(`${team}: ${name} takes ${fn.length} arguments, more than ${MAX_ARGS}`);
    return fn as TeamFunction;
  });
}

/** "<team> <worker> failed: <message>" for the error recorded in `slot`, or null; `clear` frees the slot. */
export function recordedError(slot: SharedWorkerError, team: string, clear: boolean): Error | null {
  const failed = slot.take(clear);
  return failed === null ? null : new Error(`${team} ${failed.worker} failed: ${failed.message}`);
}
