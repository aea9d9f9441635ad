/**
 * Records the golden trajectory (test/train/golden-run.ts) into test/fixtures/golden-trajectory.json:
 *   npx tsx scripts/record-golden-trajectory.ts
 * Run it only when a change is meant to alter training's numbers, and say why in the commit.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { goldenConfig, goldenTrajectory } from "../test/train/golden-run.js";

const { engine, losses } = await goldenTrajectory("float64");
const target = fileURLToPath(new URL("../test/fixtures/golden-trajectory.json", import.meta.url));
writeFileSync(target, `${JSON.stringify({ config: goldenConfig("float64"), engine, losses }, null, 2)}\n`);
console.log(`wrote ${target}: ${losses.length} losses, float64 on ${engine}`);
