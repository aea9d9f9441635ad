/**
 * Starting a worker thread from a script that sits next to a module, whether the code runs
 * compiled (dist/, .js) or from source (vitest, tsx: .ts). Node 20 ignores loader flags
 * (--import tsx) in a worker's execArgv (nodejs/node#47747), so from src/ the .ts file is
 * loaded through tsx's CommonJS hook instead.
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
