/**
 * Generated files that are committed must match their generator, and example configs must use
 * them: configs/schema.json (and any configs/NAME.schema.json) = `sgd schema NAME`; the Config
 * reference in docs/config.md = `sgd schema train --markdown`; every config under configs/ names a
 * committed schema (YAML: `# yaml-language-server: $schema=…` on line 1; JSON: a "$schema" key)
 * and validates.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  committedSchemaFile,
  jsonSchemaFor,
  jsonSchemaOf,
  SCHEMA_NAMES,
  zodSchemaOf,
  type SchemaName,
} from "../../src/config/json-schema.js";
import { configReferenceMarkdown } from "../../src/config/config-reference.js";
import { loadConfig } from "../../src/config/load-config.js";
import { loadConfigFile } from "../../src/config/config-file.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const REGENERATE = "npm run build && node bin/sgd.js schema NAME > FILE";

describe("committed JSON Schemas", () => {
  for (const name of SCHEMA_NAMES) {
    it(`${committedSchemaFile(name)} is what \`sgd schema ${name}\` prints`, () => {
      const file = `${ROOT}${committedSchemaFile(name)}`;
      const fix = REGENERATE.replace("NAME", name).replace("FILE", committedSchemaFile(name));
      expect(existsSync(file), `${committedSchemaFile(name)} is missing; create it: ${fix}`).toBe(true);
      const committed: unknown = JSON.parse(readFileSync(file, "utf8"));
      expect(committed, `${committedSchemaFile(name)} is stale; regenerate it: ${fix}`).toEqual(jsonSchemaOf(name));
    });
  }
});

describe("docs/config.md Config reference", () => {
  it("matches `sgd schema train --markdown`", () => {
    const doc = readFileSync(`${ROOT}docs/config.md`, "utf8");
    const match = /<!-- BEGIN config-reference[^>]*-->\n([\s\S]*?)\n<!-- END config-reference -->/.exec(doc);
    expect(match, "docs/config.md lacks the BEGIN/END config-reference markers").not.toBeNull();
    const generated = configReferenceMarkdown(jsonSchemaFor(zodSchemaOf("train")));
    expect(
      match![1]!.trim(),
      "docs/config.md's Config reference is stale: replace the text between the config-reference markers with the output of `npm run build && node bin/sgd.js schema train --markdown`",
    ).toBe(generated.trim());
  });
});

describe("example configs under configs/", () => {
  const dir = `${ROOT}configs`;
  const schemaByFile = new Map<string, SchemaName>(SCHEMA_NAMES.map((n) => [basename(committedSchemaFile(n)), n]));
  const examples = existsSync(dir)
    ? readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f) && !schemaByFile.has(f) && !f.endsWith(".schema.json"))
    : [];

  it("exist", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const file of examples) {
    it(`${file} names a committed schema and validates against it`, () => {
      const text = readFileSync(`${dir}/${file}`, "utf8");
      const ref = file.endsWith(".json")
        ? (loadConfigFile(`configs/${file}`, ROOT).value.$schema as string | undefined)
        : /^# yaml-language-server: \$schema=(\S+)\s*$/m.exec(text.split("\n")[0] ?? "")?.[1];
      expect(
        ref,
        `${file}: start with "# yaml-language-server: $schema=schema.json" (YAML) or add "$schema" (JSON)`,
      ).toBeDefined();
      const name = schemaByFile.get(ref!);
      expect(
        name,
        `${file}: $schema=${ref} is not a committed schema (${[...schemaByFile.keys()].join(", ")})`,
      ).toBeDefined();
      expect(() => loadConfig(zodSchemaOf(name!), `configs/${file}`, [], ROOT)).not.toThrow();
    });
  }
});
