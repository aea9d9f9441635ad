/**
 * The datasets a sweep's main thread hands its workers (sweep-pool.ts shareDatasets): every array of
 * every split copied once into shared memory — the same numbers, posted without another copy (a write
 * through the receiver's view shows in the sender's) — and adopted by the worker's loader, which then
 * loads nothing itself; and a dataset a worker loads for the main thread (loadOnWorker), the same numbers.
 */
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TrainConfig } from "../../src/config/train-schema.js";
import type { Dataset, Split } from "../../src/data/dataset.js";
import { seedStreams } from "../../src/run/experiment.js";
import { sharedDatasets } from "../../src/run/sweep-plan.js";
import { inSharedMemory, loadOnWorker, startSweepWorkers } from "../../src/run/sweep-pool.js";
import { capturedIo } from "../cli/captured-io.js";

const repo = path.resolve(__dirname, "../..");
const config = TrainConfig.parse({
  data: { source: "synthetic", generator: "moons", samples: 200, validation: 0.2 },
  seed: 3,
});
const arrays = (s: Split) => [s.x, s.labels, s.targets, s.sourceIndex].filter((a) => a != null);
const splits = (d: Dataset) => [d.train, d.test, d.validation!];

describe("datasets shared with a sweep's workers", () => {
  const dataset = sharedDatasets(repo)(config, seedStreams(config.seed));

  it("copies every split's arrays into shared memory, number for number", () => {
    const shared = inSharedMemory(dataset);
    expect(dataset.validation).toBeDefined();
    splits(shared).forEach((s, k) => {
      const original = splits(dataset)[k]!;
      expect(s.n).toBe(original.n);
      expect(arrays(s).length).toBe(arrays(original).length);
      arrays(s).forEach((a, j) => {
        expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(a.constructor).toBe(arrays(original)[j]!.constructor);
        expect(Array.from(a)).toEqual(Array.from(arrays(original)[j]!));
      });
    });
    expect({ ...shared, train: null, test: null, validation: null }).toEqual({
      ...dataset,
      train: null,
      test: null,
      validation: null,
    });
  });

  it("reaches another thread's port without a copy, and is adopted there instead of loaded", () => {
    const shared = inSharedMemory(dataset);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage({ dataset: shared });
    const received = receiveMessageOnPort(port2)!.message.dataset as Dataset;
    port1.close();
    (received.train.x as Float64Array)[0] = 42;
    expect(shared.train.x[0]).toBe(42);
    const loader = sharedDatasets("/nonexistent");
    loader.adopt(config, received);
    expect(loader(config, seedStreams(config.seed))).toBe(received);
  });

  it("a worker loads a dataset for this thread: the same numbers, in shared memory; null for a bad one", async () => {
    const [worker] = startSweepWorkers(1, capturedIo({ cwd: repo }));
    try {
      const loaded = (await loadOnWorker(worker!, config))!;
      splits(loaded).forEach((s, k) => {
        expect(s.x.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Array.from(s.x)).toEqual(Array.from(splits(dataset)[k]!.x));
        expect(Array.from(s.labels!)).toEqual(Array.from(splits(dataset)[k]!.labels!));
      });
      expect(inSharedMemory(loaded).train.x).toBe(loaded.train.x); // already shared: not copied again
      const missing = TrainConfig.parse({
        data: { source: "csv", path: "no/such.csv", target: "y", task: "classification" },
      });
      expect(await loadOnWorker(worker!, missing)).toBeNull();
    } finally {
      await worker!.terminate();
    }
  });
});
