/**
 * The configs `sgd schema NAME` prints a JSON Schema for (json-schema.ts generates them), in a
 * module of their own so the CLI can list them in its help without loading zod and the schemas.
 */
export const SCHEMA_NAMES = ["train", "compare-gradients"] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];
