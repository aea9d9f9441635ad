/** `sgd schema [train|compare-gradients]`: print the JSON Schema generated from the zod schema. */
import type { Command } from "commander";
import type { CliContext } from "../program.js";
import { jsonSchemaOf, SCHEMA_NAMES, type SchemaName } from "../../config/json-schema.js";
import { UsageError } from "../../errors.js";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .argument("[name]", `which config: ${SCHEMA_NAMES.join(" | ")}`, "train")
    .description("print the JSON Schema of a config file (for editors and validators)")
    .addHelpText("after", "\nExample:\n  sgd schema train > configs/schema.json\n")
    .action((name: string) => {
      if (!(SCHEMA_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(`unknown schema "${name}": expected one of ${SCHEMA_NAMES.join(", ")}`);
      }
      ctx.io.stdout(JSON.stringify(jsonSchemaOf(name as SchemaName), null, 2) + "\n");
      ctx.exitCode = 0;
    });
}
