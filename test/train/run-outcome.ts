/** Test helper: a run directory's outcome without its clocks — metrics.csv minus the time columns, and model.json. */
import fs from "node:fs";
import path from "node:path";
import { TIME_COLUMNS } from "../../src/train/state.js";

export function runOutcome(dir: string): { metrics: string[]; model: string } {
  const [header, ...rows] = fs.readFileSync(path.join(dir, "metrics.csv"), "utf8").trimEnd().split("\n");
  const names = header!.split(",");
  const keep = names.map((_, j) => j).filter((j) => !(TIME_COLUMNS as readonly string[]).includes(names[j]!));
  const metrics = [header!, ...rows].map((line) => {
    const cells = line.split(",");
    return keep.map((j) => cells[j]).join(",");
  });
  return { metrics, model: fs.readFileSync(path.join(dir, "model.json"), "utf8") };
}
