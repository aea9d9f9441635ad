/**
 * `sgd schema [train|compare-gradients]`: print the JSON Schema generated from the zod schema
 * (what configs/schema.json holds, for editors and validators), or with --markdown the key
 * reference table of the README's "Config reference".
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import type { Command } from "commander";
import type { CliContext } from "../command-options.js";
import { SCHEMA_NAMES, type SchemaName } from "../../config/schema-names.js";
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
    .action(async (name: string, flags: { markdown?: boolean }) => {
      if (!(SCHEMA_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(`unknown schema "${name}": expected one of ${SCHEMA_NAMES.join(", ")}`);
      }
      const [{ jsonSchemaFor, jsonSchemaOf, zodSchemaOf }, { configReferenceMarkdown }] = await Promise.all([
        import("../../config/json-schema.js"),
        import("../../config/config-reference.js"),
      ]);
      const schemaName = name as SchemaName;
      ctx.io.stdout(
        flags.markdown
          ? configReferenceMarkdown(jsonSchemaFor(zodSchemaOf(schemaName)))
          : `${JSON.stringify(jsonSchemaOf(schemaName), null, 2)}\n`,
      );
      ctx.exitCode = 0;
    });
}
