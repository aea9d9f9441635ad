/** Test support: `sgd ARGS` run in-process through run(argv, io), in the repo by default, output captured. */
import fs from "node:fs";
import path from "node:path";
import { run } from "../../src/cli/main.js";
import { capturedIo, type CapturedIo } from "./captured-io.js";

export const REPO = path.resolve(__dirname, "../..");

export async function runSgd(args: string[], cwd = REPO): Promise<{ code: number; io: CapturedIo }> {
  const io = capturedIo({ cwd });
  const code = await run(args, io);
  return { code, io };
}

/** A JSON file of a run directory, parsed. */
export function readRunJson(dir: string, file: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
}
