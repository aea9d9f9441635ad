/** Test support for the sweep tests: the 2 × 2 moons grid (2 epochs a point), its folder names, and file readers. */
import fs from "node:fs";
import path from "node:path";
import { TIME_COLUMNS } from "../../src/train/state.js";

export const CONFIG = ["--config", "configs/moons-backprop.yaml", "--set", "optimizer.epochs=2"];
export const GRID = ["--grid", "optimizer.learningRate=0.1,0.3", "--grid", "optimizer.batchSize=10,full"];
export const NAMES = [
  "0-learningRate=0.1,batchSize=10",
  "1-learningRate=0.1,batchSize=full",
  "2-learningRate=0.3,batchSize=10",
  "3-learningRate=0.3,batchSize=full",
];

export const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

/** metrics.csv without the time columns (TIME_COLUMNS: elapsed_s, gradient_s, compute_s). */
export function metricsWithoutTime(dir: string): string[] {
  const lines = fs.readFileSync(path.join(dir, "metrics.csv"), "utf8").trim().split("\n");
  const header = lines[0]!.split(",");
  const keep = (_: string, i: number) => !(TIME_COLUMNS as readonly string[]).includes(header[i]!);
  return lines.map((l) => l.split(",").filter(keep).join(","));
}
