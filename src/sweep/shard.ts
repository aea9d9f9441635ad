/**
 * Splitting a sweep between jobs: `--shard I/N` (1-based I) runs the points whose index
 *   index ≡ I − 1 (mod N),
 * so shards 1/N … N/N together run every point exactly once, with the numbering of the full
 * grid (a CI matrix or a job array sets I from its own index). Pure: no I/O.
 */
import { UsageError } from "../core/errors.js";

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

export const WHOLE_GRID: Shard = { index: 1, count: 1 };

/** `"2/3"` → { index: 2, count: 3 }; anything else is a UsageError saying what was expected. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null)
    throw new UsageError(`--shard ${text}: expected I/N, e.g. --shard 2/3 (the second of three shards)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new UsageError(`--shard ${text}: the number of shards N must be at least 1`);
  if (index < 1 || index > count) throw new UsageError(`--shard ${text}: I must be between 1 and ${count}`);
  return { index, count };
}

export function inShard(pointIndex: number, shard: Shard): boolean {
  return pointIndex % shard.count === shard.index - 1;
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
