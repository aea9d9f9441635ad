import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { TEST_PLATFORM } from "../cli/captured-io.js";

function capturedIo(env: Record<string, string> = {}, isTTY = false): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    env,
    cwd: "/tmp",
    isTTY,
    columns: 100,
    onInterrupt: () => () => {},
    platform: TEST_PLATFORM,
  };
  return io;
}

const article = ["descend", "--function", "quadratic", "--start", "-3", "--lr", "0.1,0.5,1,1.1", "--steps", "4"];

describe("sgd descend --json", () => {
  it("prints exactly one JSON document on stdout, the human report on stderr", async () => {
    const io = capturedIo();
    expect(await run([...article, "--json"], io)).toBe(0);
    const doc = JSON.parse(io.out);
    expect(io.out.trim().split("\n")).toHaveLength(1);
    expect(doc).toMatchObject({ function: "quadratic", start: [-3], steps: 4, gradient: "exact" });
    expect(doc.runs.map((r: { learningRate: number }) => r.learningRate)).toEqual([0.1, 0.5, 1, 1.1]);
    // γ = 0.1 after 4 steps: f = 9·0.8^8 = 1.51 is still 17 % of f(x_0) − f* = 9: not there yet
    expect(doc.runs.map((r: { classification: string }) => r.classification)).toEqual([
      "not converged",
      "converging",
      "oscillating",
      "diverging",
    ]);
    const cycle = doc.runs[2];
    expect(cycle.iterates.map((i: { x: number[] }) => i.x[0])).toEqual([-3, 3, -3, 3, -3]);
    expect(cycle.iterates[1]).toEqual({ step: 1, x: [3], f: 9, gradNorm: 6 });
    expect(cycle.final).toEqual({ step: 4, x: [-3], f: 9, gradNorm: 6 });
    expect(cycle.bound).toMatchObject({ factor: -1, maxStableLearningRate: 1, predicted: "oscillating" });
    // γ = 1.1: x_n = (−1.2)^n·(−3), so x_2 = −4.32
    expect(doc.runs[3].iterates[2].x[0]).toBeCloseTo(-4.32, 12);
    expect(io.err).toContain("γ = 1.1");
  });

  it("has no bound for a 2-D function and writes nothing human with --quiet", async () => {
    const io = capturedIo();
    const argv = [
      "descend",
      "--function",
      "himmelblau",
      "--start",
      "0,0",
      "--lr",
      "0.01",
      "--steps",
      "3",
      "--json",
      "--quiet",
    ];
    expect(await run(argv, io)).toBe(0);
    const doc = JSON.parse(io.out);
    expect(doc.runs[0].bound).toBeUndefined();
    // step 1 = (0,0) − 0.01·(−14, −22), the hand gradient of himmelblau at the origin
    expect(doc.runs[0].iterates[1].x[0]).toBeCloseTo(0.14, 14);
    expect(doc.runs[0].iterates[1].x[1]).toBeCloseTo(0.22, 14);
    expect(io.err).toBe("");
  });

  it("reports the finite-difference gradient and its ε", async () => {
    const io = capturedIo();
    const argv = [
      "descend",
      "--function",
      "quadratic",
      "--start",
      "4",
      "--lr",
      "0.1",
      "--steps",
      "2",
      "--gradient",
      "finite-difference",
      "--json",
    ];
    expect(await run(argv, io)).toBe(0);
    const doc = JSON.parse(io.out);
    expect(doc).toMatchObject({ gradient: "finite-difference", epsilon: 1e-6 });
    expect(doc.runs[0].iterates[2].x[0]).toBeCloseTo(2.56, 6);
  });
});

describe("sgd descend (human output)", () => {
  it("prints the table, verdicts and a plot on stdout", async () => {
    const io = capturedIo();
    expect(await run(article, io)).toBe(0);
    expect(io.out).toContain("γ = 1 (oscillating)");
    expect(io.out).toContain("converges iff 0 < γ < 1/a = 1");
    expect(io.out).toContain("x_1 against step (diverging values clamped to [-6, 6])"); // 2·max|x| of the others = 2·3
    expect(io.out.startsWith("{")).toBe(false);
  });

  it("shows the first 20 and last 9 steps of a long run, all of them with --all", async () => {
    const long = ["descend", "--function", "quadratic", "--lr", "0.01", "--steps", "100", "--plot", "none"];
    const short = capturedIo(),
      all = capturedIo();
    await run(long, short);
    await run([...long, "--all"], all);
    const rowsOf = (s: string): string[] => s.split("\n").filter((l) => /^\s*(\d+|⋮) │/.test(l));
    expect(rowsOf(short.out)).toHaveLength(30);
    expect(rowsOf(short.out)[20]).toMatch(/^\s*⋮ │/);
    expect(rowsOf(short.out)[29]).toMatch(/^\s*100 │/);
    expect(rowsOf(all.out)).toHaveLength(101);
  });

  it("shows an example in --help", async () => {
    const io = capturedIo();
    expect(await run(["descend", "--help"], io)).toBe(0);
    expect(io.out).toContain("sgd descend --function quadratic --start -3 --lr 0.1,0.5,1,1.1");
  });
});

describe("sgd descend bad input → exit 2 with one line", () => {
  it.each([
    [["--function", "parabola", "--lr", "0.1"], /unknown function "parabola"/],
    [["--function", "rosenbrock", "--start", "1", "--lr", "0.1"], /rosenbrock takes 2 coordinates/],
    [["--function", "beale", "--start", "1,2,3", "--lr", "0.1"], /beale takes 2 coordinates.*got 3/],
    [["--function", "quadratic", "--lr", "fast"], /--lr: "fast" is not a finite number/],
    [["--function", "quadratic", "--lr", "-0.1"], /--lr: learning rate -0.1 must be > 0/],
    [["--function", "quadratic", "--lr", "0.1", "--steps", "0"], /--steps: "0" must be a whole number/],
    [["--function", "quadratic", "--lr", "0.1", "--steps", "2.5"], /--steps/],
    [["--function", "quadratic", "--lr", "0.1", "--scale", "-1"], /--scale: a = -1 must be > 0/],
    [["--function", "himmelblau", "--lr", "0.1", "--scale", "2"], /--scale applies to quadratic only/],
  ])("%j", async (args, message) => {
    const io = capturedIo();
    expect(await run(["descend", ...args], io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err.trim().split("\n")).toHaveLength(1);
    expect(io.out).toBe("");
  });
});
