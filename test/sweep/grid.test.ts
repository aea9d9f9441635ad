/**
 * The sweep grid: --grid parsing (values as YAML, commas inside brackets kept), the cartesian
 * product in --grid order with the last key fastest (worked out by hand), point directory
 * names, and sharding (index ≡ I−1 mod N) covering every point exactly once.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import {
  expandGrid,
  gridSize,
  parseGrid,
  parseGridArgument,
  pointName,
  pointSets,
  shortKeys,
} from "../../src/sweep/grid.js";
import { inShard, parseShard } from "../../src/sweep/shard.js";

describe("--grid KEY=V1,V2,…", () => {
  it("reads each value as a YAML scalar, like --set", () => {
    expect(parseGridArgument("optimizer.batchSize=1, 32,full")).toEqual({
      key: "optimizer.batchSize",
      texts: ["1", "32", "full"],
      values: [1, 32, "full"],
    });
    expect(parseGridArgument("optimizer.learningRate=1e-2,0.1").values).toEqual([0.01, 0.1]);
  });

  it("keeps commas inside brackets, braces and quotes within one value", () => {
    const axis = parseGridArgument(`model.hidden=[8],[16,16],[32, 16, 8]`);
    expect(axis.values).toEqual([[8], [16, 16], [32, 16, 8]]);
    const schedule = parseGridArgument(`optimizer.schedule={type: step, every: 10},{type: constant},"a,b"`);
    expect(schedule.values).toEqual([{ type: "step", every: 10 }, { type: "constant" }, "a,b"]);
  });

  it("refuses a missing =, an empty value, a repeated value and a key given twice", () => {
    expect(() => parseGridArgument("optimizer.learningRate")).toThrow(/expected KEY=V1,V2/);
    expect(() => parseGridArgument("=0.1")).toThrow(UsageError);
    expect(() => parseGridArgument("optimizer.learningRate=0.1,,0.3")).toThrow(/value 2 is empty/);
    expect(() => parseGridArgument("optimizer.learningRate=0.1,0.3,")).toThrow(/value 3 is empty/);
    expect(() => parseGridArgument("optimizer.learningRate=0.1,0.1")).toThrow(/0\.1 is listed twice/);
    expect(() => parseGrid(["model.hidden[0]=4,8", "model.hidden.0=16"])).toThrow(/given twice/);
    expect(() => parseGrid([])).toThrow(/at least one --grid/);
  });
});

describe("grid expansion", () => {
  it("is the cartesian product in --grid order, last key fastest", () => {
    const axes = parseGrid(["optimizer.learningRate=0.1,0.3", "optimizer.batchSize=10,full"]);
    expect(expandGrid(axes).map(pointSets)).toEqual([
      ["optimizer.learningRate=0.1", "optimizer.batchSize=10"],
      ["optimizer.learningRate=0.1", "optimizer.batchSize=full"],
      ["optimizer.learningRate=0.3", "optimizer.batchSize=10"],
      ["optimizer.learningRate=0.3", "optimizer.batchSize=full"],
    ]);
  });

  it("numbers 2 × 3 × 4 points as nested loops: index = 12·i₁ + 4·i₂ + i₃", () => {
    const axes = parseGrid(["seed=1,2", "optimizer.batchSize=1,10,full", "model.hidden=[4],[8],[8,8],[16]"]);
    const points = expandGrid(axes);
    expect(gridSize(axes)).toBe(24);
    expect(points.map((p) => p.index)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // 9 = 12·0 + 4·2 + 1 → seed 1, batch full, hidden [8]
    expect(points[9]!.assignments.map((a) => a.value)).toEqual([1, "full", [8]]);
    // 19 = 12·1 + 4·1 + 3 → seed 2, batch 10, hidden [16]
    expect(points[19]!.assignments.map((a) => a.value)).toEqual([2, 10, [16]]);
    expect(points[23]!.assignments.map((a) => a.text)).toEqual(["2", "full", "[16]"]);
  });

  it("names point directories <index>-<key=value,…>: index padded so they sort, keys cut to what tells them apart", () => {
    const axes2 = parseGrid(["optimizer.learningRate=0.1,0.3"]);
    expect(expandGrid(axes2).map((p) => pointName(p, axes2))).toEqual(["0-learningRate=0.1", "1-learningRate=0.3"]);
    const axes12 = parseGrid(["seed=1,2", "optimizer.batchSize=1,10,full", "model.hidden=[4],[8, 8]"]);
    const twelve = expandGrid(axes12);
    expect(pointName(twelve[0]!, axes12)).toBe("00-seed=1,batchSize=1,hidden=4");
    expect(pointName(twelve[7]!, axes12)).toBe("07-seed=2,batchSize=1,hidden=8-8");
    const paths = parseGrid(["data.path=data/a b.csv"]);
    expect(pointName(expandGrid(paths)[0]!, paths)).toBe("0-path=data_ab.csv");
  });

  it("shortens keys to their last segments, longer where two axes would read the same", () => {
    expect(shortKeys(["optimizer.learningRate", "seed"])).toEqual(["learningRate", "seed"]);
    expect(shortKeys(["model.hidden.0", "model.hidden[1]"])).toEqual(["hidden.0", "hidden.1"]);
    expect(shortKeys(["optimizer.schedule.type", "model.type"])).toEqual(["schedule.type", "model.type"]);
    expect(shortKeys(["a.b.c", "b.c"])).toEqual(["a.b.c", "b.c"]);
  });
});

describe("--shard I/N", () => {
  it("parses I/N and refuses anything else", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    expect(() => parseShard("0/3")).toThrow(/between 1 and 3/);
    expect(() => parseShard("4/3")).toThrow(/between 1 and 3/);
    expect(() => parseShard("1/0")).toThrow(/at least 1/);
    expect(() => parseShard("2of3")).toThrow(/expected I\/N/);
    expect(() => parseShard("-1/3")).toThrow(UsageError);
  });

  it("three shards of 7 points run 0,3,6 · 1,4 · 2,5: each point exactly once, full-grid numbering", () => {
    const points = expandGrid(parseGrid(["seed=1,2,3,4,5,6,7"]));
    const slices = [1, 2, 3].map((i) =>
      points.filter((p) => inShard(p.index, { index: i, count: 3 })).map((p) => p.index),
    );
    expect(slices).toEqual([
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ]);
    expect(slices.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // the same point keeps its number and name in whichever shard runs it
    const inShard2 = points.filter((p) => inShard(p.index, { index: 2, count: 3 }));
    expect(inShard2.map((p) => pointName(p, parseGrid(["seed=1,2,3,4,5,6,7"])))).toEqual(["1-seed=2", "4-seed=5"]);
  });
});
