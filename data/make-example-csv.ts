/**
 * Writes data/plants.csv, the small CSV example used by configs/csv-example.yaml:
 * 300 rows, 100 per class (fern, moss, palm), four features drawn per class as
 *   x_j = mean[class][j] + spread[class][j] · z,   z ~ N(0, 1)   (seeded Rng, seed 2024),
 * rows in a seeded random order. stem_mm is in the hundreds while the other features are
 * near 1, so the example shows why `normalize: standard` helps. Run: npx tsx data/make-example-csv.ts
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "../src/core/rng.js";

const SEED = 2024;
const PER_CLASS = 100;
const COLUMNS = ["leaf_length", "leaf_width", "frond_count", "stem_mm"] as const;
const CLASSES = ["fern", "moss", "palm"] as const;
/** mean[class][feature] and spread[class][feature] (standard deviations) */
const MEAN = [
  [4.0, 1.2, 9.0, 120],
  [1.0, 0.8, 3.0, 20],
  [5.5, 2.5, 6.0, 300],
];
const SPREAD = [
  [0.6, 0.3, 2.0, 30],
  [0.3, 0.2, 1.0, 8],
  [0.8, 0.5, 1.5, 60],
];

function rows(rng: Rng): string[] {
  const out: string[] = [];
  CLASSES.forEach((name, c) => {
    for (let i = 0; i < PER_CLASS; i++) {
      const values = COLUMNS.map((_, j) => MEAN[c]![j]! + SPREAD[c]![j]! * rng.normal());
      out.push([...values.map((v) => v.toFixed(3)), name].join(","));
    }
  });
  const order = rng.permutation(out.length);
  return Array.from(order, (k) => out[k]!);
}

const file = join(dirname(fileURLToPath(import.meta.url)), "plants.csv");
const lines = [[...COLUMNS, "species"].join(","), ...rows(Rng.fromSeed(SEED))];
writeFileSync(file, `${lines.join("\n")}\n`);
process.stderr.write(`wrote ${file}: ${lines.length - 1} rows\n`);
