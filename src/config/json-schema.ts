/**
 * JSON Schemas generated from the zod schemas (the single source of truth): `sgd schema NAME`
 * prints them, configs/schema.json is the committed copy editors read, and the loader reads the
 * same generated schema to locate keys and to say what a key expects.
 */
import { z } from "zod";
import { TrainConfig } from "./train-schema.js";
import { CompareConfig } from "./compare-schema.js";
import type { JsonSchemaNode } from "./schema-node.js";
import { SCHEMA_NAMES, type SchemaName } from "./schema-names.js";

export { SCHEMA_NAMES, type SchemaName };

const SCHEMAS: Record<SchemaName, z.ZodType> = {
  train: TrainConfig,
  "compare-gradients": CompareConfig,
};

/** The zod schema of a named config. */
export function zodSchemaOf(name: SchemaName): z.ZodType {
  return SCHEMAS[name];
}

/** The schema of what a user may write (input side: defaults make keys optional). */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  return toJsonSchema(SCHEMAS[name]) as Record<string, unknown>;
}

/** Where the committed copy lives: configs/schema.json for train, configs/NAME.schema.json otherwise. */
export function committedSchemaFile(name: SchemaName): string {
  if (name === "compare-gradients") return "configs/compare-schema.json";
  return name === "train" ? "configs/schema.json" : `configs/${name}.schema.json`;
}

const cache = new WeakMap<z.ZodType, JsonSchemaNode>();

/** The JSON Schema of any zod schema (cached; computing it walks the whole schema). */
export function jsonSchemaFor(schema: z.ZodType): JsonSchemaNode {
  let node = cache.get(schema);
  if (node === undefined) {
    node = toJsonSchema(schema);
    cache.set(schema, node);
  }
  return node;
}

function toJsonSchema(schema: z.ZodType): JsonSchemaNode {
  return z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchemaNode;
}
