/**
 * The README's "Config reference", generated from a config's JSON Schema (itself generated from
 * the zod schema): one Markdown table row per key — dotted key, type, default, meaning — and, for
 * a key whose value is one of several objects told apart by a `const` key (data.source,
 * optimizer.schedule.type), one table per variant. `sgd schema train --markdown` prints it.
 */
import { alternatives, describeExpected, type JsonSchemaNode } from "./schema-node.js";
import { formatPath } from "./source-map.js";

interface Row {
  key: string;
  type: string;
  default: string;
  meaning: string;
}

interface Table {
  title: string | null;
  rows: Row[];
}

export function configReferenceMarkdown(root: JsonSchemaNode): string {
  const tables: Table[] = [{ title: null, rows: [] }];
  addRows(root, [], root, tables[0]!, tables);
  return `${tables
    .filter((t) => t.rows.length > 0)
    .map((t) => (t.title === null ? "" : `${t.title}\n\n`) + renderTable(t.rows))
    .join("\n\n")}\n`;
}

function addRows(node: JsonSchemaNode, path: string[], root: JsonSchemaNode, table: Table, tables: Table[]): void {
  for (const [key, prop] of Object.entries(node.properties ?? {})) {
    const keyPath = [...path, key];
    const required = node.required?.includes(key) === true;
    const objects = alternatives(prop, root).filter((a) => a.properties !== undefined);
    if (objects.length === 1) {
      addRows(objects[0]!, keyPath, root, table, tables);
      continue;
    }
    const discriminator = objects.length > 1 ? discriminatorOf(objects) : null;
    if (discriminator === null) {
      table.rows.push(row(keyPath, bare(describeExpected(prop, root)), prop, required));
      continue;
    }
    const choices = objects.map((o) => JSON.stringify(o.properties?.[discriminator]?.const));
    const by = formatPath([...keyPath, discriminator]);
    table.rows.push(row(keyPath, `object chosen by \`${by}\`: ${choices.join(", ")} (tables below)`, prop, required));
    for (const variant of objects) {
      const title =
        `**\`${formatPath(keyPath)}\` with \`${discriminator}: ` +
        `${JSON.stringify(variant.properties?.[discriminator]?.const)}\`**`;
      const variantTable: Table = { title, rows: [] };
      tables.push(variantTable);
      addRows(variant, keyPath, root, variantTable, tables);
    }
  }
}

/** The key every variant fixes to a different `const` value, or null. */
function discriminatorOf(objects: readonly JsonSchemaNode[]): string | null {
  const first = objects[0]?.properties ?? {};
  const key = Object.keys(first).find((k) => objects.every((o) => o.properties?.[k]?.const !== undefined));
  return key ?? null;
}

function row(path: string[], type: string, prop: JsonSchemaNode, required: boolean): Row {
  const fallback = required ? "required" : "—";
  return {
    key: `\`${formatPath(path)}\``,
    type,
    default: prop.default === undefined ? fallback : `\`${JSON.stringify(prop.default)}\``,
    meaning: prop.description ?? "",
  };
}

/** "an integer > 0 or \"full\"" → "integer > 0 or \"full\"" (a table cell needs no article). */
function bare(description: string): string {
  return description.replace(/(^| or )an? /g, "$1");
}

function renderTable(rows: readonly Row[]): string {
  const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = ["| key | type | default | meaning |", "| --- | --- | --- | --- |"];
  for (const r of rows) lines.push(`| ${[r.key, r.type, r.default, r.meaning].map(cell).join(" | ")} |`);
  return lines.join("\n");
}
