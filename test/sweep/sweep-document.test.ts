/**
 * sweep.json: merging the points of several shards (a fresh record replaces the one with its
 * index, a pending one does not), what counts as the same sweep, and refusing a file that is
 * not a sweep.json.
 */
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { mergePoints, parseSweepDocument, sameSweep, type SweepPointRecord } from "../../src/sweep/sweep-document.js";

function point(index: number, status: SweepPointRecord["status"], trainLoss: number | null = null): SweepPointRecord {
  return {
    index,
    dir: `${index}-seed=${index + 1}`,
    overrides: { seed: index + 1 },
    shard: `${(index % 2) + 1}/2`,
    status,
    steps: status === "pending" ? null : 10,
    final: trainLoss === null ? null : { train_loss: trainLoss, test_loss: 2 * trainLoss, test_accuracy: 0.5 },
    timing: null,
    divergence: null,
  };
}

describe("sweep.json points", () => {
  it("lays this shard's points over the existing ones, sorted by index", () => {
    const existing = [point(0, "completed", 0.4), point(2, "completed", 0.3)];
    const fresh = [point(3, "diverged"), point(1, "completed", 0.2)];
    expect(mergePoints(existing, fresh).map((p) => [p.index, p.status])).toEqual([
      [0, "completed"],
      [1, "completed"],
      [2, "completed"],
      [3, "diverged"],
    ]);
  });

  it("a re-run replaces a point's record, but a point it has not reached yet keeps the old one", () => {
    const existing = [point(0, "completed", 0.4), point(2, "completed", 0.3)];
    const merged = mergePoints(existing, [point(0, "completed", 0.1), point(2, "pending"), point(4, "pending")]);
    expect(merged.map((p) => [p.index, p.status, p.final?.train_loss ?? null])).toEqual([
      [0, "completed", 0.1],
      [2, "completed", 0.3],
      [4, "pending", null],
    ]);
  });

  it("the same sweep: same name, --set, --seed and grid (keys, values and their order)", () => {
    const a = { name: "m", sets: ["optimizer.epochs=2"], seed: null, grid: [{ key: "seed", values: [1, 2] }] };
    expect(sameSweep(a, structuredClone(a))).toBe(true);
    expect(sameSweep(a, { ...a, grid: [{ key: "seed", values: [2, 1] }] })).toBe(false);
    expect(sameSweep(a, { ...a, sets: [] })).toBe(false);
    expect(sameSweep(a, { ...a, seed: 3 })).toBe(false);
  });

  it("refuses a file that is not a sweep.json, naming the file and the field", () => {
    expect(() => parseSweepDocument({ format: "sgd-compare-gradients" }, "x/sweep.json")).toThrow(DataError);
    expect(() => parseSweepDocument({ format: "sgd-compare-gradients" }, "x/sweep.json")).toThrow(
      /^x\/sweep\.json: .*format/,
    );
    const good = {
      format: "sgd-sweep",
      version: 1,
      name: "m",
      config: "/c.yaml",
      sets: [],
      seed: null,
      grid: [{ key: "seed", values: [1, 2] }],
      points_total: 2,
      points: [point(0, "completed", 0.4)],
    };
    expect(parseSweepDocument(good, "f").points[0]!.final?.train_loss).toBe(0.4);
    expect(() => parseSweepDocument({ ...good, points: [{ ...point(0, "completed"), status: "done" }] }, "f")).toThrow(
      /points\[0\]\.status: expected one of /,
    );
  });
});
