/**
 * validateConfig(schema, raw, where): run a zod schema over a parsed config and turn every zod
 * issue into one actionable line: where it is (file:line or the --set that supplied it), the
 * dotted key path, what the schema expects (read from its JSON Schema) and what was found,
 * plus "did you mean" for an unknown key or a misspelt choice. Works for any config schema.
 */
import type { z } from "zod";
import { closestMatch, unknownKeyMessage } from "./did-you-mean.js";
import { InvalidConfigError, valueIssue, type ConfigIssue } from "./config-issue.js";
import { jsonSchemaFor } from "./json-schema.js";
import {
  alternatives,
  describeExpected,
  describeFound,
  isPlainObject,
  knownKeys,
  nodeAt,
  type JsonSchemaNode,
} from "./schema-node.js";
import { formatPath, type ConfigPath, type SourceMap } from "./source-map.js";

/** The validated config (defaults filled in), or an InvalidConfigError listing every problem. */
export function validateConfig<T>(schema: z.ZodType<T>, raw: unknown, where: SourceMap): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const root = jsonSchemaFor(schema);
  const issues = result.error.issues.flatMap((issue) => toConfigIssues(issue, root, raw, where));
  throw new InvalidConfigError(inFileOrder(dedupe(issues)));
}

function toConfigIssues(issue: z.core.$ZodIssue, root: JsonSchemaNode, raw: unknown, where: SourceMap): ConfigIssue[] {
  return describeIssue(issue, root, raw).map((d) =>
    valueIssue(where.locate(d.at), formatPath(d.at), d.problem, d.namesKey),
  );
}

interface Problem {
  /** where in the value */
  at: (string | number)[];
  /** "expected a number > 0, found -1", or the whole text when it names the key itself */
  problem: string;
  namesKey: boolean;
}

/** One zod issue as what the schema expects at the key path and what was found there. */
function describeIssue(issue: z.core.$ZodIssue, root: JsonSchemaNode, raw: unknown): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const parent = valueAt(raw, path);
    const node = nodeAt(root, raw, path);
    const known = node === null ? [] : knownKeys(node, parent, root);
    return issue.keys.map((key) => ({
      at: [...path, key],
      problem: unknownKeyMessage([...path, key], known),
      namesKey: true,
    }));
  }
  const found = valueAt(raw, path);
  const node = nodeAt(root, raw, path);
  const expected = node === null ? null : describeExpected(node, root);
  if (issue.code === "custom" || expected === null || expected === "a value") {
    return [{ at: path, problem: issue.message, namesKey: false }];
  }
  const hint = typeof found === "string" && node !== null ? choiceHint(found, node, root) : "";
  return [{ at: path, problem: `expected ${expected}, found ${describeFound(found)}${hint}`, namesKey: false }];
}

/**
 * The first problem `schema` finds in a value read back from a file (a checkpoint, model.json,
 * summary.json…), in the words of the config errors: "progress.step: expected an integer >= 0, found -5".
 */
export function parseOrExplain<T>(schema: z.ZodType<T>, raw: unknown): { value: T } | { problem: string } {
  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data };
  const first = describeIssue(result.error.issues[0]!, jsonSchemaFor(schema), raw)[0]!;
  return { problem: first.namesKey ? first.problem : `${formatPath(first.at)}: ${first.problem}` };
}

/** ` (did you mean "relu"?)` when a string is close to one of the choices the schema allows. */
function choiceHint(found: string, node: JsonSchemaNode, root: JsonSchemaNode): string {
  const choices = alternatives(node, root).flatMap((a) => [
    ...(a.enum ?? []),
    ...(a.const === undefined ? [] : [a.const]),
  ]);
  const match = closestMatch(
    found,
    choices.filter((c): c is string => typeof c === "string"),
  );
  return match === null ? "" : ` (did you mean "${match}"?)`;
}

/** The raw value at a key path, or undefined where the path does not exist. */
export function valueAt(raw: unknown, path: ConfigPath): unknown {
  let value = raw;
  for (const key of path) {
    if (Array.isArray(value) && typeof key === "number") value = value[key];
    else if (isPlainObject(value) && Object.hasOwn(value, key)) value = value[String(key)];
    else return undefined;
  }
  return value;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (seen.has(i.message)) return false;
    seen.add(i.message);
    return true;
  });
}

/** Problems from --set first (no line), then by line in the file; otherwise zod's (schema) order. */
function inFileOrder(issues: ConfigIssue[]): ConfigIssue[] {
  const rank = (i: ConfigIssue): number => (i.line === null ? (i.file === null ? -1 : Infinity) : i.line);
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.index - b.index)
    .map((x) => x.issue);
}
