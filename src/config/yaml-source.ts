/**
 * A YAML (1.2, core schema) reader that keeps positions: it returns the value together with a
 * SourceMap (key path → line:col of each key and sequence item), found by walking the parsed
 * document's node ranges through a LineCounter. The first syntax error (bad indentation,
 * duplicate key, unclosed quote, several documents) is reported with its line and column.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { failFile } from "./config-issue.js";
import { SourceMap, type ConfigPath } from "./source-map.js";

const MAX_DEPTH = 100;
const MAX_ALIASES = 100;

export function parseYamlSource(text: string, file: string): { value: unknown; where: SourceMap } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, logLevel: "error", uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const message = first.message.split("\n")[0]!.replace(/\.$/, "");
    failFile(file, `YAML syntax error: ${message}`, lines.linePos(first.pos[0]));
  }
  if (doc.contents === null) failFile(file, "the file is empty (expected a mapping of config keys)");
  const where = new SourceMap(file);
  recordPositions(doc, doc.contents, [], where, lines, 0);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    failFile(file, `YAML error: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { value, where };
}

/** Record the position of every key (mappings) and item (sequences) under `node`. */
function recordPositions(
  doc: Document,
  node: unknown,
  path: ConfigPath,
  where: SourceMap,
  lines: LineCounter,
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  if (path.length === 0 && isNodeWithRange(node)) where.record(path, lines.linePos(node.range[0]));
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    for (const pair of target.items) {
      if (!isScalar(pair.key)) {
        const at = isNodeWithRange(pair.key) ? lines.linePos(pair.key.range[0]) : undefined;
        failFile(where.file ?? "config", "YAML keys must be plain words, not lists or mappings", at);
      }
      const key = String(pair.key.value);
      const keyPath = [...path, key];
      if (isNodeWithRange(pair.key)) where.record(keyPath, lines.linePos(pair.key.range[0]));
      recordPositions(doc, pair.value, keyPath, where, lines, depth + 1);
    }
  } else if (isSeq(target)) {
    target.items.forEach((item, i) => {
      if (isNodeWithRange(item)) where.record([...path, i], lines.linePos(item.range[0]));
      recordPositions(doc, item, [...path, i], where, lines, depth + 1);
    });
  }
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === "object" && node !== null && Array.isArray((node as { range?: unknown }).range);
}
