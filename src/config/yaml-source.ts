/**
 * A YAML (1.2, core schema) reader that keeps positions: it returns the value together with a
 * SourceMap (key path → line:col of each key and sequence item), found by walking the parsed
 * document's node ranges through a LineCounter. The first syntax error (bad indentation,
 * duplicate key, unclosed quote, several documents) is reported with its line and column.
 * Bounded against hostile input: a text over MAX_CONFIG_BYTES is refused before parsing (by
 * config-file.ts), aliases are expanded at most MAX_ALIASES times (a "billion laughs" bomb fails
 * at once) and at most MAX_POSITIONS keys and items are located.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { failFile } from "./config-issue.js";
import { SourceMap, type ConfigPath } from "./source-map.js";

const MAX_DEPTH = 100;
const MAX_ALIASES = 100;
/** Keys and items located at most (an alias bomb would otherwise make this walk as long as expanding it). */
const MAX_POSITIONS = 10_000;

/** The yaml package's words for some errors (by code) → ours. */
const MESSAGES: Record<string, string> = {
  MULTIPLE_DOCS: "the file holds more than one YAML document (a second one starts here); a config is one document",
  RESOURCE_EXHAUSTION: `lists or mappings nested too deeply (a config needs a few levels)`,
};

export function parseYamlSource(text: string, file: string): { value: unknown; where: SourceMap } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: "error", uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const message = MESSAGES[first.code] ?? first.message.split("\n")[0]!.replace(/\.$/, "");
    failFile(file, `YAML syntax error: ${message}`, lines.linePos(first.pos[0]));
  }
  if (doc.contents === null) failFile(file, "the file is empty (expected a mapping of config keys)");
  // values first: an alias bomb fails here at once, before its keys are walked for positions
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    failFile(file, `YAML error: ${aliasProblem(err)}`);
  }
  const where = new SourceMap(file);
  recordPositions(doc, doc.contents, [], where, lines, { depth: 0, left: MAX_POSITIONS });
  return { value, where };
}

/** The yaml package's words for a failed alias → ours. */
export function aliasProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/excessive alias count/i.test(message)) {
    return "its aliases (*name) would expand it too far (a config needs no nested aliases)";
  }
  const unresolved = /unresolved alias.*?:\s*(\S+)/i.exec(message);
  if (unresolved) return `the alias *${unresolved[1]} names no anchor (&${unresolved[1]}) before it`;
  return message;
}

/** Record the position of every key (mappings) and item (sequences) under `at`, within `budget`. */
function recordPositions(
  doc: Document,
  at: unknown,
  path: ConfigPath,
  where: SourceMap,
  lines: LineCounter,
  budget: { depth: number; left: number },
): void {
  if (budget.depth > MAX_DEPTH || budget.left-- <= 0) return;
  if (path.length === 0 && isNodeWithRange(at)) where.record(path, lines.linePos(at.range[0]));
  // through an alias, keys are located at the anchor's definition
  const node = isAlias(at) ? at.resolve(doc) : at;
  const visit = (child: unknown, childPath: ConfigPath): void => {
    budget.depth++;
    recordPositions(doc, child, childPath, where, lines, budget);
    budget.depth--;
  };
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        const keyAt = isNodeWithRange(pair.key) ? lines.linePos(pair.key.range[0]) : undefined;
        failFile(where.file ?? "config", "YAML keys must be plain words, not lists or mappings", keyAt);
      }
      const keyPath = [...path, String(pair.key.value)];
      if (isNodeWithRange(pair.key)) where.record(keyPath, lines.linePos(pair.key.range[0]));
      visit(pair.value, keyPath);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isNodeWithRange(item)) where.record([...path, i], lines.linePos(item.range[0]));
      visit(item, [...path, i]);
    });
  }
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === "object" && node !== null && Array.isArray((node as { range?: unknown }).range);
}
