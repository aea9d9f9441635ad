/**
 * The batch-1 training step of 784-128-10 (float32, the engine `sgd train` picks, plain SGD, lr 0.05) on its own:
 * `rounds` × (measureThroughput: 3 × 1000 steps, samples/s = 1000 / median seconds) and the phase split
 * (fill, forward, gradient, update: mean µs a step over 4000 steps). `npx tsx perf/batch1-step.ts [rounds]`.
 */
import { loadBenchData, measurePhases, measureThroughput } from "./train-bench.js";

const rounds = Number(process.argv[2] ?? 3);
const data = loadBenchData();
const JAX_SCAN = 110_000;
for (let r = 0; r < rounds; r++) {
  const t = measureThroughput(data, [128], 1, "auto", 3, 1000);
  const p = measurePhases(data, [128], 1, 4000);
  const us = 1e6 / t.samplesPerSecond;
  const f = (v: number): string => v.toFixed(2);
  console.log(
    `${t.engine} batch 1: ${Math.round(t.samplesPerSecond)} samples/s (${f(us)} µs/step, ` +
      `${f(t.samplesPerSecond / JAX_SCAN)}× JAX scan 110k), other load ${t.otherLoadCores} cores; ` +
      `phases µs: fill ${f(p.fillMicros)} forward ${f(p.forwardMicros)} gradient ${f(p.gradientMicros)} ` +
      `update ${f(p.updateMicros)}`,
  );
}
