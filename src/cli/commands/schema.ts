/**
 * `sgd schema [train|compare-gradients]`: print the JSON Schema generated from the zod schema
 * (what configs/schema.json holds, for editors and validators), or with --markdown the key
 * reference table of the README's "Config reference".
 */
import type { Command } from "commander";
import type { CliContext } from "../command-options.js";
import { jsonSchemaFor, jsonSchemaOf, SCHEMA_NAMES, zodSchemaOf, type SchemaName } from "../../config/json-schema.js";
import { configReferenceMarkdown } from "../../config/config-reference.js";
import { UsageError } from "../../core/errors.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .argument("[name]", `which config: ${SCHEMA_NAMES.join(" | ")}`, "train")
    .option("--markdown", "print a Markdown table of every key (type, default, meaning) instead")
    .description("print the JSON Schema of a config file (for editors and validators)")
    .addHelpText(
      "after",
      `
Configs reference the committed schema so editors complete and check keys:
  YAML: first line  # yaml-language-server: $schema=schema.json
  JSON: a key       "$schema": "schema.json"

Examples:
  sgd schema train > configs/schema.json
  sgd schema train --markdown
`,
    )
    .action((name: string, flags: { markdown?: boolean }) => {
      if (!(SCHEMA_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(`unknown schema "${name}": expected one of ${SCHEMA_NAMES.join(", ")}`);
      }
      const schemaName = name as SchemaName;
      ctx.io.stdout(
        flags.markdown
          ? configReferenceMarkdown(jsonSchemaFor(zodSchemaOf(schemaName)))
          : `${JSON.stringify(jsonSchemaOf(schemaName), null, 2)}\n`,
      );
      ctx.exitCode = 0;
    });
}
