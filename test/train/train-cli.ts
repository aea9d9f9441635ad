/** Shared by the `sgd train` tests: run the command through run(argv, io), and read metrics.csv back. */
import fs from "node:fs";
import path from "node:path";
import { run } from "../../src/cli/main.js";
import { interruptibleIo } from "../cli/captured-io.js";
import { TIME_COLUMNS } from "../../src/train/state.js";

export const repo = path.resolve(__dirname, "../..");

/** `sgd train ARGS` from the repository's top folder; `onErr` sees each stderr write and may interrupt. */
export async function train(args: string[], onErr?: (text: string, interrupt: () => void) => void) {
  const io = interruptibleIo(repo, onErr);
  const code = await run(["train", ...args], io);
  return { code, io };
}

/** metrics.csv rows as objects, time columns dropped. */
export function metrics(dir: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(dir, "metrics.csv"), "utf8").trim().split("\n");
  const cols = header!.split(",");
  return lines.map((l) => {
    const cells = l.split(",");
    const row: Record<string, string> = {};
    cols.forEach((c, i) => {
      if (!(TIME_COLUMNS as readonly string[]).includes(c)) row[c] = cells[i]!;
    });
    return row;
  });
}

/** A JSON file of a run directory (tests read its fields directly and let a wrong one fail the assertion). */
// biome-ignore lint/suspicious/noExplicitAny: summary.json, checkpoint.json and friends, as parsed
export function readJson(dir: string, file: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
}
