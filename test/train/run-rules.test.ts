/**
 * The rules a run follows that no error shows, through run(argv, io): --threads is capped to what
 * can help (the cores; for finite differences one per parameter) with a note, and summary.json
 * records the threads used; default run directories stay distinct when runs start in the same
 * second; a relative data path given by --set is taken from the working directory, one in the
 * config file from the file's folder; a --set into a section the file lacks starts from its
 * default; `sgd help COMMAND` prints the command's help and exits 0.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-rules-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MOONS = path.join(repo, "configs/moons-backprop.yaml");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

async function sgd(argv: string[], options: { cwd?: string; cores?: number } = {}) {
  const io = capturedIo({ cwd: options.cwd ?? tmp });
  if (options.cores !== undefined) io.platform = { ...io.platform, cores: options.cores };
  const code = await run(argv, io);
  return { code, err: io.err(), out: io.out() };
}

describe("--threads", () => {
  it("is capped to the machine's cores, saying so; summary.json records the threads used", async () => {
    const out = path.join(tmp, "threads-cores");
    const fd = ["--set", "gradient.method=finite-difference", "--set", "optimizer.maxSteps=2"];
    const { code, err } = await sgd(["train", "--config", MOONS, ...fd, "--threads", "1000", "--out", out], {
      cores: 2,
    });
    expect(code).toBe(0);
    expect(err).toContain("--threads 1000: using 2 (the machine's 2 cores)\n");
    expect(readJson(path.join(out, "summary.json")).environment.threads).toBe(2);
  });

  it("for finite differences, to one thread per parameter", async () => {
    // 2-1-2: (2+1)·1 + (1+1)·2 = 7 parameters
    const out = path.join(tmp, "threads-params");
    const small = ["--set", "model.hidden=[1]", "--set", "gradient.method=finite-difference"];
    const { code, err } = await sgd(
      ["train", "--config", MOONS, ...small, "--set", "optimizer.maxSteps=2", "--threads", "64", "--out", out],
      { cores: 64 },
    );
    expect(code).toBe(0);
    expect(err).toContain("--threads 64: using 7 (one per parameter of the 7)\n");
  });
});

describe("default run directories", () => {
  it("are distinct for runs started in the same second", async () => {
    const cwd = path.join(tmp, "defaults");
    fs.mkdirSync(cwd);
    const args = ["train", "--config", MOONS, "--set", "optimizer.maxSteps=1", "--quiet"];
    for (let k = 0; k < 3; k++) expect((await sgd(args, { cwd })).code).toBe(0);
    const dirs = fs.readdirSync(path.join(cwd, "runs")).sort();
    expect(dirs).toHaveLength(3);
    for (const d of dirs) expect(d).toMatch(/^moons-backprop-\d{8}-\d{6}(-[23])?$/);
  });
});

describe("relative data paths", () => {
  const table = "a,y\n1,2\n3,4\n5,6\n7,8\n9,10\n";
  it("in the config file are taken from its folder; from --set, from the working directory", async () => {
    const cwd = path.join(tmp, "paths");
    fs.mkdirSync(path.join(cwd, "sub"), { recursive: true });
    fs.writeFileSync(
      path.join(cwd, "sub", "c.yaml"),
      "data: {source: csv, path: in-sub.csv, task: regression, target: y}\nloss: mse\n",
    );
    fs.writeFileSync(path.join(cwd, "sub", "in-sub.csv"), table);
    fs.writeFileSync(path.join(cwd, "here.csv"), table);
    const small = ["--set", "optimizer.maxSteps=1", "--quiet"];
    const fromFile = await sgd(["train", "--config", "sub/c.yaml", ...small, "--out", "a"], { cwd });
    expect(fromFile.code).toBe(0);
    expect(readJson(path.join(cwd, "a", "config.json")).data.path).toBe(path.join(cwd, "sub", "in-sub.csv"));
    const fromSet = await sgd(
      ["train", "--config", "sub/c.yaml", "--set", "data.path=here.csv", ...small, "--out", "b"],
      {
        cwd,
      },
    );
    expect(fromSet.code).toBe(0);
    expect(readJson(path.join(cwd, "b", "config.json")).data.path).toBe(path.join(cwd, "here.csv"));
  });
});

describe("--set into a section the file does not have", () => {
  it("starts from the section's default: --set data.train=20 trains on 20 MNIST digits", async () => {
    fs.writeFileSync(path.join(tmp, "no-data.yaml"), "name: no-data\nmodel: {hidden: [4]}\n");
    const out = path.join(tmp, "no-data");
    const sets = ["--set", "data.train=20", "--set", "data.test=10", "--set", "optimizer.maxSteps=1"];
    expect((await sgd(["train", "--config", "no-data.yaml", ...sets, "--out", out, "--quiet"])).code).toBe(0);
    expect(readJson(path.join(out, "config.json")).data).toEqual({
      source: "mnist",
      train: 20,
      test: 10,
      normalize: "none",
      validation: null,
    });
  });
});

describe("sgd help", () => {
  it("prints a command's help and exits 0", async () => {
    const { code, out } = await sgd(["help", "train"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: sgd train \[options\]/);
  });
});
