/**
 * A temporary working directory laid out like the top folder of a fresh clone, as far as the
 * docs' examples can tell: the files git tracks under configs/ and data/ (so no data/mnist/,
 * which is git-ignored, and no runs/). Copies, not links, so that an example that writes
 * (`sgd schema train > configs/schema.json`) never touches the checkout.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const COPIED = ["configs", "data"];

export function freshCloneDir(root: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "sgd-docs-"));
  const tracked = execFileSync("git", ["ls-files", "-z", "--", ...COPIED], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "");
  for (const file of tracked) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(dir, file));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
