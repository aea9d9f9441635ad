/** `sgd report SWEEP_DIR` overlays the sweep's runs (a sweep directory stands for its run directories). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";

const repo = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-sweep-report-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("sgd report on a sweep directory", () => {
  it("overlays every run of the sweep into DIR/report.html", async () => {
    const dir = path.join(tmp, "sweep");
    const sweep = capturedIo({ cwd: repo });
    const code = await run(
      [
        "sweep",
        "--config",
        "configs/moons-backprop.yaml",
        "--grid",
        "optimizer.learningRate=0.1,0.3",
        "--set",
        "optimizer.epochs=1",
        "--out",
        dir,
        "--quiet",
      ],
      sweep,
    );
    expect(code).toBe(0);
    fs.rmSync(path.join(dir, "report.html"));
    const io = capturedIo({ cwd: repo });
    expect(await run(["report", dir, "--json"], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(doc.kind).toBe("overlay");
    expect(doc.report).toBe(path.join(dir, "report.html"));
    expect(doc.directories.map((d: string) => path.basename(d)).sort()).toEqual(
      fs
        .readdirSync(dir)
        .filter((f) => fs.statSync(path.join(dir, f)).isDirectory())
        .sort(),
    );
    expect(doc.directories).toHaveLength(2);
    expect(fs.existsSync(path.join(dir, "report.html"))).toBe(true);
  });
});
