/** JSON Schemas generated from the zod schemas: `sgd schema NAME` prints them. */
import { z } from "zod";
import { TrainConfig } from "./train-schema.js";
import { CompareConfig } from "./compare-schema.js";

export const SCHEMA_NAMES = ["train", "compare-gradients"] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const SCHEMAS: Record<SchemaName, z.ZodType> = {
  train: TrainConfig,
  "compare-gradients": CompareConfig,
};

/** The schema of what a user may write (input side: defaults make keys optional). */
export function jsonSchemaOf(name: SchemaName): Record<string, unknown> {
  return z.toJSONSchema(SCHEMAS[name], { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}
