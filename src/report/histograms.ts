/**
 * histograms.json of a run directory: per layer l, histograms of the weights W^l and of the gradient
 * ∂C/∂W^l the last update used, at three moments — start (w₀ and ∇C(w₀), step 0), middle (the first
 * evaluation at or past half the steps) and end (the last evaluation). Each histogram has B equal bins over
 * [min, max] of its own n values, B = min(BINS, ⌈2·∛n⌉) (Rice's rule, capped):
 *   bin(v) = min(B − 1, ⌊(v − min)/(max − min) · B⌋)   (all in bin 0 when max = min)
 * Non-finite values are counted apart. Written atomically whenever a moment is taken,
 * so a resumed run keeps the moments taken before the interruption (and ends with the same file).
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Float } from "../core/types.js";
import { parameterTensors, type ParameterLayout } from "../model/layout.js";
import { writeJsonAtomic } from "./run-directory.js";

export const HISTOGRAMS_FILE = "histograms.json";
export const HISTOGRAM_FORMAT = "sgd-histograms";
/** the most bins a histogram has */
export const BINS = 40;

/** Rice's rule ⌈2·∛n⌉, at least 1 and at most BINS */
export function binCount(n: number): number {
  return Math.max(1, Math.min(BINS, Math.ceil(2 * Math.cbrt(n))));
}

const Histogram = z.strictObject({
  min: z.number(),
  max: z.number(),
  counts: z.array(z.int().nonnegative()),
  /** values that are ±Infinity or NaN */
  nonFinite: z.int().nonnegative(),
  mean: z.number(),
  /** √(mean of v²) */
  rms: z.number(),
});
export type Histogram = z.infer<typeof Histogram>;

const Snapshot = z.strictObject({
  moment: z.enum(["start", "middle", "end"]),
  step: z.int().nonnegative(),
  layers: z.array(
    z.strictObject({
      layer: z.int().positive(),
      /** [outputs, inputs] of W^l */
      shape: z.array(z.int()),
      weights: Histogram,
      gradient: Histogram,
    }),
  ),
});
export type Snapshot = z.infer<typeof Snapshot>;

const HistogramsJson = z.strictObject({
  format: z.literal(HISTOGRAM_FORMAT),
  version: z.literal(1),
  /** the most bins a histogram has (BINS); each has counts.length bins */
  bins: z.int().positive(),
  snapshots: z.array(Snapshot),
});
export type HistogramsJson = z.infer<typeof HistogramsJson>;

/** The histogram of values[offset … offset+size), in `bins` bins (default binCount(size)). */
export function histogramOf(values: ArrayLike<number>, offset: number, size: number, bins = binCount(size)): Histogram {
  let min = Infinity,
    max = -Infinity,
    sum = 0,
    squares = 0,
    nonFinite = 0;
  for (let k = offset; k < offset + size; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    squares += v * v;
  }
  const n = size - nonFinite;
  const counts = new Array<number>(bins).fill(0);
  if (n === 0) return { min: 0, max: 0, counts, nonFinite, mean: 0, rms: 0 };
  const width = max - min;
  for (let k = offset; k < offset + size; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v)) continue;
    counts[width > 0 ? Math.min(bins - 1, Math.floor(((v - min) / width) * bins)) : 0]!++;
  }
  return { min, max, counts, nonFinite, mean: sum / n, rms: Math.sqrt(squares / n) };
}

/** Every layer's weight and gradient histograms of one moment. */
export function snapshotOf(
  moment: Snapshot["moment"],
  step: number,
  layout: ParameterLayout,
  w: Float,
  dw: Float,
): Snapshot {
  const layers = parameterTensors(layout)
    .filter((t) => t.name.endsWith(".weights"))
    .map((t) => ({
      layer: t.layer,
      shape: [layout.spec.sizes[t.layer]!, layout.spec.sizes[t.layer - 1]!], // W^l is n_l × n_{l−1}
      weights: histogramOf(w, t.offset, t.size),
      gradient: histogramOf(dw, t.offset, t.size),
    }));
  return { moment, step, layers };
}

/** snapshotOf(…) of copies of w and dw taken now, binned at the first call. */
function binnedLater(moment: Snapshot["moment"], step: number, layout: ParameterLayout, w: Float, dw: Float) {
  const [wCopy, dwCopy] = [w.slice(), dw.slice()];
  let binned: Snapshot | null = null;
  return (): Snapshot => (binned ??= snapshotOf(moment, step, layout, wCopy, dwCopy));
}

/** histograms.json of `dir`, or null when there is none (a run of an older sgd) or it does not parse. */
export function readHistograms(dir: string): HistogramsJson | null {
  const file = path.join(dir, HISTOGRAMS_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = HistogramsJson.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Takes the moments from the loop's parameter events: step 0 is the start, the first event at or past
 * totalSteps/2 the middle, and the latest event is the end (written by finish()).
 */
export class HistogramRecorder {
  /** binned when first written (copying w and dw in the loop is cheap; binning them is not) */
  private start: (() => Snapshot) | null = null;
  private middle: (() => Snapshot) | null = null;
  private latest: Snapshot | null = null;
  private latestCopy: { step: number; w: Float; dw: Float } | null = null;
  private unsaved = false;

  constructor(
    private readonly dir: string,
    private readonly layout: ParameterLayout,
    private readonly totalSteps: number,
    resumeFromStep: number | null,
  ) {
    if (resumeFromStep === null) return;
    for (const s of readHistograms(dir)?.snapshots ?? []) {
      if (s.step > resumeFromStep) continue;
      if (s.moment === "start") this.start = () => s;
      if (s.moment === "middle") this.middle = () => s;
    }
  }

  capture(step: number, w: Float, dw: Float): void {
    if (step === 0) {
      this.start = binnedLater("start", 0, this.layout, w, dw);
      this.unsaved = true;
    } else if (this.middle === null && step >= this.totalSteps / 2) {
      this.middle = binnedLater("middle", step, this.layout, w, dw);
      this.unsaved = true;
    }
    if (step > 0) this.keepLatest(step, w, dw);
  }

  /**
   * Writes the start and middle taken so far, if not yet written: called at each checkpoint, so a
   * run resumed from that checkpoint finds the moments before it (none is written between them).
   */
  save(): void {
    if (!this.unsaved) return;
    this.write([this.start, this.middle].flatMap((s) => (s === null ? [] : [s()])));
    this.unsaved = false;
  }

  /** The latest event's w and ∇C, copied (cheap), binned only when the end is written. */
  private keepLatest(step: number, w: Float, dw: Float): void {
    if (this.latestCopy === null || this.latestCopy.w.length !== w.length) {
      this.latestCopy = { step, w: w.slice(), dw: dw.slice() };
    } else {
      this.latestCopy.step = step;
      this.latestCopy.w.set(w);
      this.latestCopy.dw.set(dw);
    }
    this.latest = null;
  }

  /** start, middle, end in step order, each step once */
  moments(): Snapshot[] {
    const c = this.latestCopy;
    if (this.latest === null && c !== null) this.latest = snapshotOf("end", c.step, this.layout, c.w, c.dw);
    const all = [this.start?.() ?? null, this.middle?.() ?? null, this.latest].filter((s): s is Snapshot => s !== null);
    return all.filter((s, i) => i === all.length - 1 || s.step !== all[all.length - 1]!.step);
  }

  finish(): void {
    if (this.start !== null || this.latestCopy !== null) this.write(this.moments());
  }

  private write(snapshots: Snapshot[]): void {
    const doc: HistogramsJson = { format: HISTOGRAM_FORMAT, version: 1, bins: BINS, snapshots };
    writeJsonAtomic(path.join(this.dir, HISTOGRAMS_FILE), doc);
  }
}
