/**
 * The docs point at things that exist: in README.md, ARCHITECTURE.md, CONTRIBUTING.md, docs/*.md
 * and the READMEs of data/, perf/ and src/engine/, every relative Markdown link names a file of the repo (and, with #anchor, a heading of that file,
 * slugged as GitHub does), and every `src/…`, `test/…`, `perf/…`, `scripts/…` or `configs/…`
 * path written in backticks outside code blocks exists (a * matches any name). Code moves;
 * this is what tells the docs that it did.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FILES = [
  "README.md",
  "ARCHITECTURE.md",
  "CONTRIBUTING.md",
  "data/README.md",
  "src/engine/README.md",
  "src/engine/wasm/README.md",
  "perf/README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];
/** Written on another branch of the restructuring; the README links them ahead of the merge. */

/** The file's lines outside fenced code blocks. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split("\n").filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces → hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(file: string): Set<string> {
  const headings = prose(readFileSync(path.join(ROOT, file), "utf8")).filter((l) => /^#{1,6} /.test(l));
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, "").replace(/ #+$/, ""))));
}

/** Folders .gitignore names (outputs such as perf/out/): a fresh clone has none of them, so a doc may name them freely. */
const IGNORED = readFileSync(path.join(ROOT, ".gitignore"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line.endsWith("/") && !line.startsWith("#"));

function existsWithGlob(relative: string): boolean {
  if (IGNORED.some((folder) => `${relative}/`.startsWith(folder))) return true;
  if (!relative.includes("*")) return existsSync(path.join(ROOT, relative));
  const dir = path.dirname(relative);
  const pattern = new RegExp(
    `^${path
      .basename(relative)
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return existsSync(path.join(ROOT, dir)) && readdirSync(path.join(ROOT, dir)).some((n) => pattern.test(n));
}

for (const file of FILES) {
  describe(file, () => {
    const lines = prose(readFileSync(path.join(ROOT, file), "utf8"));
    const text = lines.join("\n");

    it("links to files and headings that exist", () => {
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
        const [link, anchor] = target!.split("#") as [string, string | undefined];
        const resolved = link === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), link));
        if (!existsSync(path.join(ROOT, resolved))) broken.push(`${target} (no file ${resolved})`);
        else if (anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) {
          broken.push(`${target} (no heading #${anchor} in ${resolved})`);
        }
      }
      expect(broken, `${file}: broken links`).toEqual([]);
    });

    it("names repo paths that exist", () => {
      const paths = [...text.matchAll(/`((?:src|test|perf|scripts|configs)\/[^`\s<>]*)`/g)].map((m) => m[1]!);
      const missing = paths.filter((p) => !existsWithGlob(p.replace(/\/$/, "")));
      expect(missing, `${file} names paths that do not exist (moved? update the doc)`).toEqual([]);
    });
  });
}
