/**
 * The timing harness: warm-up calls (at least `warmup`, and until `warmupSeconds` have passed, so
 * the JIT has compiled the hot loop), then `repeats` timed samples of seconds per call, read from
 * an injected clock (`now()` in seconds) so tests need no real time. A call much shorter than
 * the clock's resolution is repeated k times inside one sample, k = ⌈minSampleSeconds / t₁⌉
 * (t₁ = the first timed call), and the sample is (t_end − t_start) / k.
 */
import type { TimingSummary } from "./compare-types.js";

export interface Clock {
  /** seconds since an arbitrary origin, monotonic */
  now(): number;
}

export interface TimingPlan {
  warmup: number;
  /** keep warming up until this long has passed (after the `warmup` calls) */
  warmupSeconds: number;
  repeats: number;
  /** a sample is stretched to at least this long by repeating the call (0: one call each) */
  minSampleSeconds: number;
}

/** Most calls folded into one sample, so a call that reads 0 s cannot loop for ever. */
const MAX_CALLS_PER_SAMPLE = 1_000_000;

/** Time `call` under `plan`; every timed call runs the real work. */
export function timeCalls(call: () => void, clock: Clock, plan: TimingPlan): TimingSummary {
  if (plan.repeats < 1) throw new RangeError(`repeats must be ≥ 1, got ${plan.repeats}`);
  const warmStart = clock.now();
  for (let i = 0; i < plan.warmup; i++) call();
  while (plan.warmupSeconds > 0 && clock.now() - warmStart < plan.warmupSeconds) call();

  const t0 = clock.now();
  call();
  const first = clock.now() - t0;
  const callsPerSample = callsFor(first, plan.minSampleSeconds);

  const samples: number[] = [];
  if (callsPerSample === 1) samples.push(first);
  while (samples.length < plan.repeats) {
    const start = clock.now();
    for (let k = 0; k < callsPerSample; k++) call();
    samples.push((clock.now() - start) / callsPerSample);
  }
  return summarize(samples, callsPerSample);
}

function callsFor(single: number, minSampleSeconds: number): number {
  if (minSampleSeconds <= 0 || single >= minSampleSeconds) return 1;
  if (single <= 0) return Math.min(MAX_CALLS_PER_SAMPLE, 1000);
  return Math.min(MAX_CALLS_PER_SAMPLE, Math.ceil(minSampleSeconds / single));
}

/**
 * The time fits, ratios and charts use: the fastest sample. Interference from other processes
 * only ever adds time, so the minimum is the least disturbed estimate; the median and max are
 * reported beside it.
 */
export function representativeSeconds(t: TimingSummary): number {
  return t.min;
}

/** median / min / max of the samples (median of an even count = mean of the middle two). */
export function summarize(samples: readonly number[], callsPerSample: number): TimingSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, samples: [...samples], callsPerSample };
}

/** Seconds `timeCalls` will take under a plan when one call takes `single` seconds (for budgeting). */
export function plannedSeconds(plan: TimingPlan, single: number): number {
  const k = callsFor(single, plan.minSampleSeconds);
  const warm = Math.max(plan.warmup * single, plan.warmupSeconds);
  return warm + single * (1 + (k === 1 ? plan.repeats - 1 : plan.repeats * k));
}
