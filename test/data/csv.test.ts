import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataConfig } from "../../src/config/train-schema.js";
import type { Dataset } from "../../src/data/dataset.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

const dir = mkdtempSync(join(tmpdir(), "sgd-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function csv(text: string): string {
  const name = `t${files++}.csv`;
  writeFileSync(join(dir, name), text);
  return name;
}
const load = (path: string, over: Record<string, unknown> = {}): Dataset =>
  loadDataset(DataConfig.parse({ source: "csv", path, task: "classification", ...over }), Rng.fromSeed(1), {
    cwd: dir,
  });

/** All rows of both splits, sorted back into file order by sourceIndex. */
function byRow(d: Dataset): { x: number[]; label: number; y: number }[] {
  const out: { i: number; x: number[]; label: number; y: number }[] = [];
  for (const s of [d.train, d.test]) {
    for (let r = 0; r < s.n; r++) {
      out.push({
        i: s.sourceIndex![r]!,
        x: Array.from(s.x.subarray(r * d.inputs, (r + 1) * d.inputs)),
        label: s.labels?.[r] ?? -1,
        y: s.targets?.[r] ?? NaN,
      });
    }
  }
  return out.sort((a, b) => a.i - b.i).map(({ x, label, y }) => ({ x, label, y }));
}

describe("source: csv", () => {
  it("classification: string classes sorted to indices, names kept, features in file order", () => {
    const path = csv("a,species,b\r\n1,palm,2\r\n\r\n3,fern,-4.5\r\n5e-1,moss,.25\r\n7,fern,8\r\n 9 , palm ,10\r\n");
    const d = load(path, { target: "species", testFraction: 0.2 });
    expect(d.classNames).toEqual(["fern", "moss", "palm"]);
    expect([d.inputs, d.outputs, d.task, d.train.n, d.test.n, d.name]).toEqual([
      2,
      3,
      "classification",
      4,
      1,
      `csv:${path}`,
    ]);
    expect(byRow(d).map((r) => [r.x, r.label])).toEqual([
      [[1, 2], 2],
      [[3, -4.5], 0],
      [[0.5, 0.25], 1],
      [[7, 8], 0],
      [[9, 10], 2],
    ]);
  });

  it("integer classes sort numerically (2 < 9 < 10), quoted fields are read", () => {
    const d = load(csv('x,"target"\n"1.5",10\n2,9\n3,2\n4,10\n5,9\n6,2\n'), { testFraction: 0.5 });
    expect(d.classNames).toEqual(["2", "9", "10"]);
    expect(byRow(d).map((r) => r.label)).toEqual([2, 1, 0, 2, 1, 0]);
    expect(byRow(d)[0]!.x).toEqual([1.5]);
    // 6 rows, 2 per class, 3 for training: 1 per class, so the 3 test rows are one of each
    expect([...d.test.labels!].sort()).toEqual([0, 1, 2]);
  });

  it("regression: numeric target as the one output", () => {
    const d = load(csv("u,v,target\n1,2,0.5\n3,4,-1\n5,6,2e3\n7,8,4\n"), { task: "regression", testFraction: 0.25 });
    expect([d.inputs, d.outputs, d.train.n, d.test.n, d.classNames, d.train.labels]).toEqual([2, 1, 3, 1, null, null]);
    expect(byRow(d).map((r) => [r.x, r.y])).toEqual([
      [[1, 2], 0.5],
      [[3, 4], -1],
      [[5, 6], 2000],
      [[7, 8], 4],
    ]);
  });

  it("the split is seeded and stratified for classification", () => {
    const lines = ["x,target", ...Array.from({ length: 40 }, (_, i) => `${i},${i < 30 ? "a" : "b"}`)];
    const path = csv(lines.join("\n"));
    const d = load(path, { testFraction: 0.25 });
    // 30 a + 10 b, 30 train: 22.5 and 7.5 → 22, 7 + the extra to the lower class on the tie → 23, 7;
    // test is the rest: 7 a, 3 b
    expect([...d.test.labels!].filter((l) => l === 0).length).toBe(7);
    expect([...d.test.labels!].filter((l) => l === 1).length).toBe(3);
    expect([...load(path, { testFraction: 0.25 }).test.sourceIndex!]).toEqual([...d.test.sourceIndex!]);
  });

  const bad: [string, string, Record<string, unknown>, RegExp][] = [
    ["a non-numeric cell", "a,b,target\n1,2,x\n3,abc,y\n", {}, /:3:3: column 2 \("b"\) "abc" is not a number/],
    ["an empty cell", "a,b,target\n1,,x\n3,4,y\n", {}, /:2:3: column 2 \("b"\) is empty/],
    ["NaN", "a,target\nNaN,x\n3,y\n", {}, /:2:1: column 1 \("a"\) "NaN" is not a number/],
    [
      "a non-numeric regression target",
      "a,target\n1,2\n3,big\n",
      { task: "regression" },
      /:3:3: column 2 \("target"\) "big" is not a number/,
    ],
    ["a missing target column", "a,b\n1,2\n3,4\n", {}, /:1: no target column "target" in the header \(columns: a, b\)/],
    ["a ragged row", "a,target\n1,x\n2,y,3\n", {}, /:3: 3 fields, but the header \(line 1\) has 2/],
    ["an empty file", "\n\n", {}, /: the file is empty/],
    ["a header without rows", "a,target\n", {}, /: has a header but no data rows/],
    ["an unterminated quote", 'a,target\n"1,x\n', {}, /:2:1: unterminated quoted field/],
    ["a duplicated header name", "a,a,target\n1,2,x\n", {}, /:1:3: header column name "a" appears twice/],
    ["a single class", "a,target\n1,x\n2,x\n", {}, /target column "target" has only one class \(x\)/],
  ];
  it.each(bad)("%s is an exit-2 DataError with file, line and column", (_what, text, over, message) => {
    const path = csv(text);
    let error: unknown;
    try {
      load(path, over);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).exitCode).toBe(2);
    expect((error as DataError).message).toContain(join(dir, path));
    expect((error as DataError).message).toMatch(message);
  });

  it("a missing file is a DataError naming the resolved path", () => {
    expect(() => load("absent.csv")).toThrow(`${join(dir, "absent.csv")}: file not found`);
  });

  it("reads the committed example data/plants.csv: 300 rows, 3 species, 100 each", () => {
    const d = loadDataset(
      DataConfig.parse({ source: "csv", path: "data/plants.csv", target: "species", task: "classification" }),
      Rng.fromSeed(1),
      { cwd: process.cwd() },
    );
    expect(d.classNames).toEqual(["fern", "moss", "palm"]);
    expect([d.inputs, d.train.n + d.test.n]).toEqual([4, 300]);
    expect([...d.test.labels!].filter((l) => l === 1).length).toBe(20);
  });
});
