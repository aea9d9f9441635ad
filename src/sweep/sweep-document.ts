/**
 * sweep.json: what a sweep is (config, --set, --seed, the grid) and, per point, its overrides,
 * run directory, status and final metrics. Shards sharing a directory merge their points:
 *   points = existing points (same sweep)  ⊕  this shard's points (a fresh record replaces the
 *            one with the same index, unless the fresh one is only "pending")
 * Pure: parsing, merging and comparing; the file itself is read and written in src/report/.
 */
import { z } from "zod";
import { DataError } from "../core/errors.js";
import { parseOrExplain } from "../config/validate-config.js";
import type { TrainResult } from "../train/state.js";
import type { GridAxis } from "./grid.js";

export const SWEEP_FORMAT = "sgd-sweep";
export const SWEEP_VERSION = 1;

/** "pending": in this shard but not run (the sweep was interrupted before it). */
export type PointStatus = TrainResult["status"] | "pending";

export interface SweepPointRecord {
  index: number;
  /** the run directory, relative to the sweep directory */
  dir: string;
  /** grid key → value (parsed, as applied to the config) */
  overrides: Record<string, unknown>;
  /** the shard that ran it, "I/N" */
  shard: string;
  status: PointStatus;
  steps: number | null;
  final: TrainResult["final"] | null;
  timing: TrainResult["timing"] | null;
  divergence: { step: number; learningRate: number; reason: string } | null;
  /** the run's health verdict (summary.json), absent until it has run */
  health?: { verdict: "healthy" | "unstable"; reasons: string[] } | null;
}

/** What makes two invocations the same sweep (so their points may share one sweep.json). */
export interface SweepIdentity {
  name: string;
  /** the user's --set arguments, in order */
  sets: string[];
  /** --seed, when given */
  seed: number | null;
  grid: { key: string; values: unknown[] }[];
}

export interface SweepDocument extends SweepIdentity {
  format: typeof SWEEP_FORMAT;
  version: typeof SWEEP_VERSION;
  /** the config file, absolute */
  config: string;
  points_total: number;
  /** sorted by index; only points some shard has run (or left pending) */
  points: SweepPointRecord[];
}

export function gridOf(axes: readonly GridAxis[]): SweepIdentity["grid"] {
  return axes.map((a) => ({ key: a.key, values: [...a.values] }));
}

export function sameSweep(a: SweepIdentity, b: SweepIdentity): boolean {
  const id = (s: SweepIdentity) => JSON.stringify([s.name, s.sets, s.seed, s.grid]);
  return id(a) === id(b);
}

/** `existing`'s points with `fresh` laid over them by index, sorted by index. */
export function mergePoints(
  existing: readonly SweepPointRecord[],
  fresh: readonly SweepPointRecord[],
): SweepPointRecord[] {
  const byIndex = new Map<number, SweepPointRecord>();
  for (const p of existing) byIndex.set(p.index, p);
  for (const p of fresh) {
    if (p.status === "pending" && byIndex.has(p.index)) continue;
    byIndex.set(p.index, p);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

const Final = z.looseObject({
  train_loss: z.number().nullable(),
  test_loss: z.number().nullable(),
  test_accuracy: z.number().nullable(),
});
const Timing = z.looseObject({ total_s: z.number(), gradient_s: z.number(), samples_per_s: z.number() });
const PointJson = z.looseObject({
  index: z.int().nonnegative(),
  dir: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  shard: z.string(),
  status: z.enum(["completed", "diverged", "interrupted", "stopped-early", "pending"]),
  steps: z.int().nonnegative().nullable(),
  final: Final.nullable(),
  timing: Timing.nullable(),
  divergence: z.looseObject({ step: z.number(), learningRate: z.number(), reason: z.string() }).nullable(),
  health: z
    .looseObject({ verdict: z.enum(["healthy", "unstable"]), reasons: z.array(z.string()) })
    .nullable()
    .optional(),
});
const DocumentJson = z.looseObject({
  format: z.literal(SWEEP_FORMAT),
  version: z.literal(SWEEP_VERSION),
  name: z.string(),
  config: z.string(),
  sets: z.array(z.string()),
  seed: z.number().nullable(),
  grid: z.array(z.looseObject({ key: z.string(), values: z.array(z.unknown()) })),
  points_total: z.int().positive(),
  points: z.array(PointJson),
});

/** A parsed sweep.json, checked; `where` names the file in the one-line DataError. */
export function parseSweepDocument(value: unknown, where: string): SweepDocument {
  const parsed = parseOrExplain(DocumentJson, value);
  if ("value" in parsed) return parsed.value as SweepDocument;
  throw new DataError(`${where}: not a sweep.json of this sgd: ${parsed.problem}`);
}
