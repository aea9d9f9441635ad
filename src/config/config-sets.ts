/**
 * `--set KEY=VALUE` overrides, applied to the parsed config before validation, in order (a later
 * --set beats an earlier one; any --set beats the file). KEY is a dotted path (`optimizer.learningRate`,
 * `model.hidden.0` or `model.hidden[0]`) that must exist in the schema — an unknown key is an
 * error with "did you mean". VALUE is parsed as YAML: `0.1` → 0.1, `full` → "full",
 * `[64,32]` → [64, 32], `{type: step, every: 100}` → an object, `null` or nothing → null.
 * A --set never hides a bad value of the file: setting a key inside something that is not an
 * object (`optimizer: "yes"` and --set optimizer.maxSteps=2) is an error at the file's line. An
 * object a --set creates starts as the schema's default for it (`--set data.train=200` with no
 * `data:` in the file trains on 200 MNIST digits) and is located at that --set in later errors.
 */
import type { z } from "zod";
import { parseDocument } from "yaml";
import { UsageError } from "../core/errors.js";
import { InvalidConfigError, valueIssue } from "./config-issue.js";
import { unknownKeyMessage } from "./did-you-mean.js";
import { jsonSchemaFor } from "./json-schema.js";
import { aliasProblem } from "./yaml-source.js";
import {
  allowsAnyKey,
  alternatives,
  childNode,
  describeExpected,
  describeFound,
  isPlainObject,
  knownKeys,
  type JsonSchemaNode,
} from "./schema-node.js";
import { formatPath, type SourceMap } from "./source-map.js";

export interface ConfigSet {
  /** the argument as given, e.g. "optimizer.learningRate=0.1" */
  argument: string;
  /** the key path as written, split at "." and "[n]" */
  segments: string[];
  value: unknown;
}

/** `--seed N` as the `seed=N` it stands for; anything but a non-negative integer is named as --seed. */
export function seedSet(text: string): string {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--seed ${text}: expected an integer >= 0`);
  }
  return `seed=${value}`;
}

/** An error about a --set the program made from a flag names the flag: `--set seed=5` → `--seed 5`. */
export function renameSet(err: unknown, argument: string, flag: string): unknown {
  if (err instanceof Error) err.message = err.message.split(`--set ${argument}`).join(flag);
  return err;
}

/** Split `KEY=VALUE` at the first "=", the key into segments, and parse the value as YAML. */
export function parseSet(argument: string): ConfigSet {
  const eq = argument.indexOf("=");
  const key = eq < 0 ? "" : argument.slice(0, eq).trim();
  if (eq < 0 || key === "") {
    throw new UsageError(`--set ${argument}: expected KEY=VALUE, e.g. --set optimizer.learningRate=0.1`);
  }
  const segments = key.replace(/\[(\d+)\]/g, ".$1").split(".");
  if (segments.some((s) => s === "")) {
    throw new UsageError(`--set ${argument}: "${key}" is not a dotted key path (e.g. optimizer.learningRate)`);
  }
  const doc = parseDocument(argument.slice(eq + 1), { logLevel: "error", prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    throw new UsageError(`--set ${argument}: the value is not valid YAML (${error.message.split("\n")[0]})`);
  }
  try {
    return { argument, segments, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    throw new UsageError(`--set ${argument}: ${aliasProblem(err)}`);
  }
}

/**
 * A copy of `raw` with each --set applied in order. `where` (when given) learns that those paths
 * now come from the --set, so a validation error names the --set instead of a stale file line.
 */
export function applySets(
  raw: Record<string, unknown>,
  sets: readonly string[],
  schema: z.ZodType,
  where?: SourceMap,
): Record<string, unknown> {
  const root = jsonSchemaFor(schema);
  const out = structuredClone(raw);
  for (const argument of sets) {
    const set = parseSet(argument);
    const path = applyOne(out, set, root, where);
    where?.recordOverride(path, argument);
  }
  return out;
}

/** Walk the schema and the config together along the key path; create what is missing; assign. */
function applyOne(
  config: Record<string, unknown>,
  set: ConfigSet,
  root: JsonSchemaNode,
  where: SourceMap | undefined,
): (string | number)[] {
  const path: (string | number)[] = [];
  let node: JsonSchemaNode | null = root;
  let container: Record<string, unknown> | unknown[] = config;
  set.segments.forEach((segment, i) => {
    const last = i === set.segments.length - 1;
    const key = resolveKey(node, container, segment, path, set.argument, root);
    path.push(key);
    const next: JsonSchemaNode | null = node === null ? null : childNode(node, key, container, root);
    if (last) {
      assign(container, key, set.value);
      return;
    }
    let child = read(container, key);
    const holdsKeys =
      next !== null && alternatives(next, root).some((a) => a.properties !== undefined || isArrayNode(a, root));
    if (child !== undefined && !isPlainObject(child) && !Array.isArray(child) && where !== undefined && holdsKeys) {
      const problem =
        `expected ${describeExpected(next, root)}, found ${describeFound(child)} ` +
        `(--set ${set.argument} sets a key inside it)`;
      throw new InvalidConfigError([valueIssue(where.locate(path), formatPath(path), problem)]);
    }
    if (!isPlainObject(child) && !Array.isArray(child)) {
      // a missing object starts as the schema's default for it (data → {source: "mnist"}), else empty
      const fallback = next?.default;
      child = isPlainObject(fallback) ? structuredClone(fallback) : next !== null && isArrayNode(next, root) ? [] : {};
      assign(container, key, child);
      where?.recordOverride(path, set.argument);
    }
    container = child as Record<string, unknown> | unknown[];
    node = next;
  });
  return path;
}

/** The segment as an object key or array index, or a UsageError naming the unknown path. */
function resolveKey(
  node: JsonSchemaNode | null,
  container: Record<string, unknown> | unknown[],
  segment: string,
  path: readonly (string | number)[],
  argument: string,
  root: JsonSchemaNode,
): string | number {
  if (Array.isArray(container)) {
    const index = /^\d+$/.test(segment) ? Number(segment) : -1;
    if (index < 0 || index > container.length) {
      const what = formatPath(path);
      throw new UsageError(
        `--set ${argument}: ${what} is a list of ${container.length}; ` +
          `"${segment}" is not an index 0…${container.length}`,
      );
    }
    return index;
  }
  if (node === null || allowsAnyKey(node, container, root)) return segment;
  const known = knownKeys(node, container, root);
  if (known.includes(segment)) return segment;
  throw new UsageError(`--set ${argument}: ${unknownKeyMessage([...path, segment], known)}`);
}

function isArrayNode(node: JsonSchemaNode, root: JsonSchemaNode): boolean {
  return alternatives(node, root).some((a) => a.type === "array" || a.items !== undefined);
}

function read(container: Record<string, unknown> | unknown[], key: string | number): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[String(key)];
}

function assign(container: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else Object.defineProperty(container, String(key), { value, enumerable: true, writable: true, configurable: true });
}
