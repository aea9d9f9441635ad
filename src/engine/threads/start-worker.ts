/**
 * Starting a worker thread from a script that sits next to a module, whether the code runs
 * compiled (dist/, .js), bundled (dist/cli-bundle/, where every worker script is an entry beside
 * the chunks: scripts/cli-bundle.ts) or from source (vitest, tsx: .ts). Node 20 ignores loader flags
 * (--import tsx) in a worker's execArgv (nodejs/node#47747), so from src/ the .ts file is
 * loaded through tsx's CommonJS hook instead. Workers of an owner dropped without being disposed
 * are ended when the owner is collected (endWhenCollected).
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** Worker script `name` (no extension), in the folder of module URL `base`, started with `workerData`. */
export function startWorker(name: string, base: string, workerData: object): Worker {
  if (!base.endsWith(".ts")) return new Worker(new URL(`./${name}.js`, base), { workerData });
  const file = JSON.stringify(fileURLToPath(new URL(`./${name}.ts`, base)));
  const tsx = JSON.stringify(createRequire(import.meta.url).resolve("tsx/cjs/api"));
  return new Worker(`require(${tsx}).require(${file}, ${file});`, { eval: true, workerData });
}

const abandoned = new FinalizationRegistry<Worker[]>((workers) => {
  for (const worker of workers) void worker.terminate();
});

/** Ends `workers` when `owner` is garbage-collected, unless forgetWorkers(owner) was called first (its dispose). */
export function endWhenCollected(owner: object, workers: Worker[]): void {
  abandoned.register(owner, workers, owner);
}

/** The owner ends its workers itself: no need to end them when it is collected. */
export function forgetWorkers(owner: object): void {
  abandoned.unregister(owner);
}
