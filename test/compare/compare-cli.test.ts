import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { run } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { compareGradientsCommand, type CompareFlags } from "../../src/cli/commands/compare-gradients-action.js";
import { CompareConfig } from "../../src/config/compare-schema.js";
import { COMPARE_CSV_COLUMNS } from "../../src/report/compare-csv.js";
import { GradientCheckError } from "../../src/core/errors.js";
import type { CompareDocument } from "../../src/report/compare-files.js";
import { FakeClock, fakeBackend, TEXTBOOK_COSTS } from "./fake-backend.js";
import { TEST_PLATFORM } from "../cli/captured-io.js";

function capturedIo(cwd: string): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    env: {},
    cwd,
    isTTY: false,
    columns: 100,
    onInterrupt: () => () => {},
    platform: TEST_PLATFORM,
  };
  return io;
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "sgd-compare-"));

/** RFC 4180 rows: quoted cells may hold commas. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => {
      const cells: string[] = [];
      let cell = "";
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted && ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = !quoted;
        else if (ch === "," && !quoted) cells.push(cell), (cell = "");
        else cell += ch;
      }
      return [...cells, cell];
    });
}

const fakeFlags = (out: string, extra: Partial<CompareFlags> = {}): CompareFlags => ({
  set: [
    "depthSweep.widths=[2, 3]",
    "depthSweep.depths=[1, 2, 3]",
    "widthSweep.widths=[2, 4]",
    "widthSweep.depth=2",
    "warmupSeconds=0",
  ],
  out,
  quiet: true,
  ...extra,
});

describe("compare-gradients gate (exit 3)", () => {
  it("writes the results, then throws GradientCheckError naming the worst parameter", () => {
    const cwd = tempDir();
    const clock = new FakeClock();
    const backend = fakeBackend({
      clock,
      costs: TEXTBOOK_COSTS,
      wrong: { method: "path-enumeration", index: 5, by: 100 },
    });
    const io = capturedIo(cwd);
    let thrown: unknown;
    try {
      compareGradientsCommand(fakeFlags("out"), io, { backend, clock, date: () => new Date(0) });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GradientCheckError);
    const error = thrown as GradientCheckError;
    expect(error.exitCode).toBe(3);
    // sizes [4, H, …]: index 5 is layer 1's weights, row ⌊5/4⌋ = 1, column 5 mod 4 = 1
    expect(error.message).toMatch(/path-enumeration disagrees with backprop on L\d-H\d at layer 1 weight\[1\]\[1\]/);
    const doc = JSON.parse(fs.readFileSync(path.join(cwd, "out", "results.json"), "utf8")) as CompareDocument;
    expect(doc.check.passed).toBe(false);
    expect(fs.existsSync(path.join(cwd, "out", "report.html"))).toBe(true);
  });
});

describe("compare-gradients files", () => {
  const cwd = tempDir();
  const clock = new FakeClock();
  const doc = compareGradientsCommand(fakeFlags("out"), capturedIo(cwd), {
    backend: fakeBackend({ clock, costs: TEXTBOOK_COSTS }),
    clock,
    date: () => new Date(0),
  });

  it("results.csv has the documented columns and one row per case × method", () => {
    const rows = parseCsv(fs.readFileSync(path.join(cwd, "out", "results.csv"), "utf8"));
    expect(rows[0]).toEqual([...COMPARE_CSV_COLUMNS]);
    // depth sweep 2 widths × 3 depths + width sweep L2-H4 (L2-H2 is shared) = 7 cases × 4 methods
    expect(doc.cases).toHaveLength(7);
    expect(rows).toHaveLength(1 + 7 * 4);
    for (const row of rows) expect(row).toHaveLength(COMPARE_CSV_COLUMNS.length);
    const col = (name: string) => COMPARE_CSV_COLUMNS.indexOf(name as (typeof COMPARE_CSV_COLUMNS)[number]);
    const bp = rows.find((r) => r[col("case")] === "L3-H2" && r[col("method")] === "backprop")!;
    expect(Number(bp[col("multiply_adds")])).toBe(300);
    expect(bp[col("max_abs_diff")]).toBe(""); // backprop is the reference
    expect(rows.find((r) => r[col("case")] === "L2-H2")![col("sweeps")]).toBe("depth+width");
  });

  it("results.json holds the config, cases, fits, claims, check and environment", () => {
    const json = JSON.parse(fs.readFileSync(path.join(cwd, "out", "results.json"), "utf8")) as CompareDocument;
    expect(Object.keys(json).sort()).toEqual(
      [
        "cases",
        "check",
        "claims",
        "config",
        "createdAt",
        "environment",
        "fits",
        "format",
        "rates",
        "totalSeconds",
        "verdict",
        "version",
      ].sort(),
    );
    expect(json.format).toBe("sgd-compare-gradients");
    expect(json.cases[0]!.methods[0]).toMatchObject({ method: "backprop", status: "ran", cost: { multiplyAdds: 100 } });
    expect(json.claims.map((c) => c.width)).toEqual([2, 3]);
    expect(json.version).toBe(2);
    expect(json.verdict[0]).toMatch(/^Against finite differences/);
  });

  it("gives one predicted time everywhere: case, claim, results.csv and the chart", () => {
    // fakeFlags' sweep stops at L3; with path enumeration skipped from L2 at H3 (1000·27 / 1e6 s > 0.01 s)
    const cwd2 = tempDir();
    const clock2 = new FakeClock();
    const flags = fakeFlags("out", {
      set: [...fakeFlags("out").set, "depthSweep.depths=[1, 2, 3, 20]", "budgetSeconds=0.01"],
    });
    const doc2 = compareGradientsCommand(flags, capturedIo(cwd2), {
      backend: fakeBackend({ clock: clock2, costs: TEXTBOOK_COSTS }),
      clock: clock2,
      date: () => new Date(0),
    });
    const pe = doc2.cases.find((c) => c.id === "L20-H3")!.methods.find((m) => m.method === "path-enumeration")!;
    expect(pe.status).toBe("skipped");
    const predicted = pe.predicted.seconds!;
    const claim = doc2.claims.find((c) => c.width === 3)!.versus.find((v) => v.method === "path-enumeration")!;
    expect(claim.seconds).toEqual({ value: predicted, extrapolated: true });
    const rows = parseCsv(fs.readFileSync(path.join(cwd2, "out", "results.csv"), "utf8"));
    const col = (name: string) => rows[0]!.indexOf(name);
    const row = rows.find((r) => r[col("case")] === "L20-H3" && r[col("method")] === "path-enumeration")!;
    expect(Number(row[col("predicted_s")])).toBe(predicted);
    const html = fs.readFileSync(path.join(cwd2, "out", "report.html"), "utf8");
    expect(html).toContain(`20,${predicted}`); // a dashed series' data-points
    expect(html).toContain('data-series="path-enumeration (skipped: predicted)"');
  });

  it("report.html carries one log-scale chart line per method", () => {
    const html = fs.readFileSync(path.join(cwd, "out", "report.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("Time per gradient (H=3, I=4, O=2, B=8)");
    for (const m of ["backprop", "finite-difference-central", "finite-difference-forward", "path-enumeration"])
      expect(html).toContain(m);
  });

  it("refuses a non-empty --out (exit 2) unless --force", async () => {
    const io = capturedIo(cwd);
    expect(await run(["compare-gradients", "--quick", "--out", "out", "--quiet"], io)).toBe(2);
    expect(io.err).toMatch(/not empty/);
  });
});

describe("sgd compare-gradients --quick (the real methods)", () => {
  it("runs end to end: files, one JSON document on stdout, agreement within tolerance, exact counts", async () => {
    const cwd = tempDir();
    const io = capturedIo(cwd);
    const code = await run(["compare-gradients", "--quick", "--out", "q", "--json", "--save-gradients"], io);
    expect(io.err).not.toMatch(/error/);
    expect(code).toBe(0);
    const doc = JSON.parse(io.out) as CompareDocument;
    expect(io.out.trim().split("\n")).toHaveLength(1);
    for (const f of ["results.json", "results.csv", "report.html"])
      expect(fs.existsSync(path.join(cwd, "q", f))).toBe(true);
    expect(doc.check.passed).toBe(true);
    for (const c of doc.cases) {
      expect(c.methods[0]).toMatchObject({ method: "backprop", status: "ran" });
      for (const m of c.methods) {
        if (m.status !== "ran") continue;
        // the closed form predicted before running equals what the method counted
        expect(m.cost!.multiplyAdds).toBe(m.predicted.multiplyAdds);
        if (m.method === "path-enumeration") expect(m.agreement!.maxAbsDiff).toBeLessThan(1e-12); // same sums, other order
        if (m.method === "finite-difference-central") expect(m.agreement!.maxAbsDiff).toBeLessThan(1e-8); // O(ε²) + rounding/ε
        if (m.method === "finite-difference-forward") expect(m.agreement!.maxAbsDiff).toBeLessThan(1e-5); // O(ε)
      }
    }
    const saved = path.join(cwd, "q", "cases", "L2-H3");
    const model = JSON.parse(fs.readFileSync(path.join(saved, "model.json"), "utf8"));
    expect(model).toMatchObject({ format: "sgd-mlp", version: 1, loss: "cross-entropy" });
    expect(model.layers.map((l: { inputs: number; outputs: number }) => [l.inputs, l.outputs])).toEqual([
      [4, 3],
      [3, 3],
      [3, 2],
    ]);
    const grads = JSON.parse(fs.readFileSync(path.join(saved, "gradients.json"), "utf8"));
    // p = (4+1)·3 + (3+1)·3 + (3+1)·2 = 35
    expect(grads.gradients.backprop).toHaveLength(35);
    expect(JSON.parse(fs.readFileSync(path.join(saved, "inputs.json"), "utf8")).shape).toEqual([8, 4]);
  });
});

describe("config and schema", () => {
  it("configs/compare-default.yaml spells out exactly the defaults", () => {
    const file = YAML.parse(fs.readFileSync("configs/compare-default.yaml", "utf8"));
    expect(CompareConfig.parse(file)).toEqual(CompareConfig.parse({}));
  });

  it("configs/compare-schema.json is what `sgd schema compare-gradients` prints", async () => {
    const io = capturedIo(process.cwd());
    expect(await run(["schema", "compare-gradients"], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual(JSON.parse(fs.readFileSync("configs/compare-schema.json", "utf8")));
  });

  it("rejects --quick with --article, and two networks of one name, with exit 2", async () => {
    const io = capturedIo(tempDir());
    expect(await run(["compare-gradients", "--quick", "--article", "--out", "x"], io)).toBe(2);
    expect(io.err).toMatch(/--quick and --article/);
    const io2 = capturedIo(tempDir());
    const nets = "networks=[{name: a, hidden: [2]}, {name: a, hidden: [3]}]";
    expect(await run(["compare-gradients", "--quick", "--set", nets, "--out", "x"], io2)).toBe(2);
    expect(io2.err).toMatch(/networks\[1\]\.name: "a" is another network's name/);
  });

  it("rejects an unknown key with exit 2", async () => {
    const io = capturedIo(tempDir());
    expect(await run(["compare-gradients", "--quick", "--set", "budgetSecond=1", "--out", "x"], io)).toBe(2);
    expect(io.err).toMatch(/budgetSeconds/);
  });
});
