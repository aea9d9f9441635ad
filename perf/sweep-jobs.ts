/**
 * `npm run bench:sweep`: `sgd sweep --jobs K` against `--jobs 1` on the README's 9-point moons grid
 * and a 6-point MNIST grid, measured paired — serial and parallel alternate, R rounds (default 5),
 * each a fresh process of the built CLI (bin/sgd.js → dist/cli-bundle/, built by `npm ci`) into a fresh folder:
 *   ratio = parallel wall seconds ÷ serial wall seconds of the same round; < 1 = --jobs K faster
 * Prints each round, the median and range of the ratios, and the load average before and after
 * (other work on the machine shifts both runs of a pair alike, not the ratio alone).
 * Flags: --rounds R, --jobs K (default: the cores).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = flag("--rounds", 5);
const JOBS = flag("--jobs", availableParallelism());

const GRIDS: { name: string; args: string[] }[] = [
  {
    name: "moons 9 points (README grid)",
    args: ["--config", "configs/moons-backprop.yaml", "--grid", "optimizer.batchSize=1,10,full"].concat([
      "--grid",
      "optimizer.learningRate=0.03,0.3,3",
    ]),
  },
  {
    name: "MNIST 6 points (seed × hidden, 2 epochs)",
    args: [
      "--config",
      "configs/mnist-minibatch.yaml",
      "--grid",
      "seed=1,2",
      "--grid",
      "model.hidden=[64],[128],[64,64]",
    ].concat(["--set", "optimizer.epochs=2"]),
  },
];

/** Wall seconds of one `sgd sweep … --jobs K` into a fresh folder. */
function sweepSeconds(args: string[], jobs: number): number {
  const out = mkdtempSync(join(tmpdir(), "sgd-bench-sweep-"));
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    ["bin/sgd.js", "sweep", ...args, "--out", out, "--force", "--quiet", "--jobs", String(jobs)],
    {
      cwd: REPO,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`sgd sweep ${args.join(" ")} --jobs ${jobs} exited ${r.status}`);
  return seconds;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(
  `sweep --jobs ${JOBS} vs --jobs 1, ${ROUNDS} paired rounds, ${availableParallelism()} cores; load ${load()}`,
);
for (const grid of GRIDS) {
  const ratios: number[] = [];
  console.log(`\n${grid.name}`);
  for (let round = 1; round <= ROUNDS; round++) {
    // alternate which runs first, so a load that drifts within a round falls on both alike
    const first = round % 2 === 1 ? 1 : JOBS;
    const a = sweepSeconds(grid.args, first);
    const b = sweepSeconds(grid.args, first === 1 ? JOBS : 1);
    const [serial, parallel] = first === 1 ? [a, b] : [b, a];
    ratios.push(parallel / serial);
    console.log(
      `  round ${round}: --jobs 1 ${serial.toFixed(2)} s · --jobs ${JOBS} ${parallel.toFixed(2)} s · ratio ${(parallel / serial).toFixed(2)}`,
    );
  }
  const sorted = [...ratios].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`  ratio median ${median.toFixed(2)}, range ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)}`);
}
console.log(`\nload ${load()}`);
