/**
 * Reading the JSON Schema generated from a zod schema (pure data, all constraints explicit) to
 * answer three questions the loader asks about a key path: which schema applies there
 * (`childNode`, picking the variant of a discriminated union by its `const` key), which keys are
 * known there (`knownKeys`, for "did you mean"), and how to say what it expects
 * (`describeExpected`: "an integer > 0 or \"full\"", "a number in (0, 1)", "one of \"relu\", …").
 */

/** The part of JSON Schema (draft 2020-12) that z.toJSONSchema emits and we read. */
export interface JsonSchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follow a local `#/$defs/Name` reference. */
export function resolveRef(node: JsonSchemaNode, root: JsonSchemaNode): JsonSchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined && hops < 32; hops++) {
    const name = current.$ref.replace(/^#\/\$defs\//, "");
    const target = current.$ref === "#" ? root : root.$defs?.[name];
    if (target === undefined) break;
    current = target;
  }
  return current;
}

/** The flattened alternatives of a node: its anyOf/oneOf members, else itself. */
export function alternatives(node: JsonSchemaNode, root: JsonSchemaNode): JsonSchemaNode[] {
  const n = resolveRef(node, root);
  const members = n.anyOf ?? n.oneOf;
  return members === undefined ? [n] : members.flatMap((m) => alternatives(m, root));
}

/** Object variants that fit `value`: every `const` property they declare equals value's (all, if none fit). */
function objectVariants(node: JsonSchemaNode, value: unknown, root: JsonSchemaNode): JsonSchemaNode[] {
  const objects = alternatives(node, root).filter((a) => a.properties !== undefined || a.type === "object");
  const fits = objects.filter((o) =>
    Object.entries(o.properties ?? {}).every(
      ([key, prop]) => prop.const === undefined || (isPlainObject(value) && value[key] === prop.const),
    ),
  );
  return fits.length > 0 ? fits : objects;
}

/** Keys a config may have at a node holding `value`, in schema order. */
export function knownKeys(node: JsonSchemaNode, value: unknown, root: JsonSchemaNode): string[] {
  const keys = objectVariants(node, value, root).flatMap((o) => Object.keys(o.properties ?? {}));
  return [...new Set(keys)];
}

/** Any key allowed at this node (a record)? */
export function allowsAnyKey(node: JsonSchemaNode, value: unknown, root: JsonSchemaNode): boolean {
  return objectVariants(node, value, root).some((o) => typeof o.additionalProperties === "object");
}

/** The schema of `parent[key]`, where `parentValue` is the parent's value (to pick a union variant). */
export function childNode(
  node: JsonSchemaNode,
  key: string | number,
  parentValue: unknown,
  root: JsonSchemaNode,
): JsonSchemaNode | null {
  if (typeof key === "number") {
    const items = alternatives(node, root).flatMap((a) => (a.items ? [a.items] : []));
    return merge(items);
  }
  const children = objectVariants(node, parentValue, root).flatMap((o) => {
    const child =
      o.properties?.[key] ?? (typeof o.additionalProperties === "object" ? o.additionalProperties : undefined);
    return child === undefined ? [] : [child];
  });
  return merge(children);
}

/** The schema at a key path of `rootValue`, or null where the schema has no such key. */
export function nodeAt(
  root: JsonSchemaNode,
  rootValue: unknown,
  path: readonly (string | number)[],
): JsonSchemaNode | null {
  let node: JsonSchemaNode | null = root;
  let value: unknown = rootValue;
  for (const key of path) {
    if (node === null) return null;
    node = childNode(node, key, value, root);
    value = isPlainObject(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return node;
}

function merge(nodes: JsonSchemaNode[]): JsonSchemaNode | null {
  if (nodes.length === 0) return null;
  return nodes.length === 1 ? nodes[0]! : { anyOf: nodes };
}

/** "an integer > 0", "a non-empty list of integers > 0", "one of \"relu\", \"tanh\"", "a number or null". */
export function describeExpected(node: JsonSchemaNode, root: JsonSchemaNode, plural = false): string {
  const n = resolveRef(node, root);
  if (n.const !== undefined) return literal(n.const);
  if (n.enum !== undefined) return oneOf(n.enum);
  if (n.anyOf !== undefined || n.oneOf !== undefined) {
    const alts = alternatives(n, root);
    if (alts.every((a) => a.const !== undefined)) return oneOf(alts.map((a) => a.const));
    return [...new Set(alts.map((a) => describeExpected(a, root, plural)))].join(" or ");
  }
  const types = Array.isArray(n.type) ? n.type : n.type === undefined ? [] : [n.type];
  if (types.length === 0) return plural ? "values" : "a value";
  return types.map((t) => describeType(t, n, root, plural)).join(" or ");
}

function describeType(type: string, n: JsonSchemaNode, root: JsonSchemaNode, plural: boolean): string {
  switch (type) {
    case "integer":
      return (plural ? "integers" : "an integer") + bounds(n);
    case "number":
      return (plural ? "numbers" : "a number") + bounds(n);
    case "string":
      return (n.minLength ?? 0) >= 1
        ? plural
          ? "non-empty strings"
          : "a non-empty string"
        : plural
          ? "strings"
          : "a string";
    case "boolean":
      return plural ? "booleans" : "true or false";
    case "null":
      return "null";
    case "array": {
      const items = n.items ? ` of ${describeExpected(n.items, root, true)}` : "";
      const min = n.minItems ?? 0;
      const list = min === 1 ? `a non-empty list${items}` : `a list${items}`;
      const sizes = [min > 1 ? `at least ${min}` : "", n.maxItems !== undefined ? `at most ${n.maxItems}` : ""].filter(
        Boolean,
      );
      return (plural ? `lists${items}` : list) + (sizes.length ? ` (${sizes.join(", ")})` : "");
    }
    case "object":
      return plural ? "objects" : "an object";
    default:
      return plural ? `${type}s` : `a ${type}`;
  }
}

/** " > 0", " >= 2", " in (0, 1]"; the safe-integer bounds zod adds to integers are left out. */
function bounds(n: JsonSchemaNode): string {
  const lo =
    n.exclusiveMinimum ?? (n.minimum !== undefined && n.minimum > Number.MIN_SAFE_INTEGER ? n.minimum : undefined);
  const hi =
    n.exclusiveMaximum ?? (n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER ? n.maximum : undefined);
  const loOpen = n.exclusiveMinimum !== undefined;
  const hiOpen = n.exclusiveMaximum !== undefined;
  if (lo !== undefined && hi !== undefined) return ` in ${loOpen ? "(" : "["}${lo}, ${hi}${hiOpen ? ")" : "]"}`;
  if (lo !== undefined) return ` ${loOpen ? ">" : ">="} ${lo}`;
  if (hi !== undefined) return ` ${hiOpen ? "<" : "<="} ${hi}`;
  return "";
}

function literal(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? literal(values[0]) : `one of ${values.map(literal).join(", ")}`;
}

/** How a found value reads in a message: -0.1, "abc", null, an empty list, a list [64, "x"], nothing. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return literal(shorten(value, 40));
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list ${shorten(compactJson(value), 40)}`;
  if (isPlainObject(value))
    return Object.keys(value).length === 0 ? "an empty object" : `an object ${shorten(compactJson(value), 40)}`;
  return String(value);
}

function compactJson(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).replace(/,(?=\S)/g, ", ");
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
