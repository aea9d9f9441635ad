/**
 * The bad-input corpus: every case in test/fixtures/bad-inputs/*.yaml (configs, data files, flags,
 * run directories, output paths; format in ./bad-input-case.ts) run in-process through
 * run(argv, io). Each must end with its exit code (2 unless it says otherwise) and one clear line:
 * exactly one `error: …` line on stderr, matching the case's pattern, no "internal error", no stack
 * trace; within its time (10 s unless it says otherwise); and, unless the case may write, leave its
 * folder exactly as it was (bad input writes nothing and loses nothing).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { type BadInputCase, runCase } from "./bad-input-case.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CORPUS = path.join(REPO, "test/fixtures/bad-inputs");

const files = fs
  .readdirSync(CORPUS)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const corpus: { file: string; c: BadInputCase }[] = files.flatMap((file) =>
  (YAML.parse(fs.readFileSync(path.join(CORPUS, file), "utf8")) as BadInputCase[]).map((c) => ({ file, c })),
);

let root: string;
let shared: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-bad-inputs-"));
  shared = path.join(root, "shared");
  for (const name of ["configs", "data"])
    fs.cpSync(path.join(REPO, name), path.join(shared, name), { recursive: true });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the bad-input corpus", () => {
  it("has at least 150 cases, each named once, across configs, data, flags, run directories and output paths", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const names = corpus.map(({ c }) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(files).toEqual([
      "configs.yaml",
      "data.yaml",
      "flags.yaml",
      "output-paths.yaml",
      "run-dirs.yaml",
      "sweep-shards.yaml",
    ]);
  });

  corpus.forEach(({ file, c }, index) => {
    it(`${file}: ${c.name}`, async () => {
      const outcome = await runCase(c, root, shared, index);
      const lines = outcome.err.split("\n").filter((l) => l !== "");
      const errors = lines.filter((l) => l.startsWith("error: "));
      expect({ code: outcome.code, errors: errors.length }, outcome.err).toEqual({ code: c.exit ?? 2, errors: 1 });
      expect(errors[0]!.slice("error: ".length)).toMatch(new RegExp(c.message));
      expect(outcome.err).not.toMatch(/internal error|^\s+at /m);
      expect(outcome.seconds).toBeLessThan(c.seconds ?? 10);
      if (!c.writes) expect(outcome.after).toEqual(outcome.before);
    });
  });
});
