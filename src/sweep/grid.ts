/**
 * A sweep's grid: each `--grid KEY=V1,V2,…` is an axis; the points are the cartesian product
 *   points = axis₁ × axis₂ × … × axis_k,  count = Π |axis_j|,
 * numbered 0…count−1 in --grid order with the last axis fastest (like nested loops, odometer
 * order). A point is a list of extra `--set KEY=VALUE` arguments. Pure: no I/O.
 */
import { parseSet, renameSet } from "../config/config-sets.js";
import { UsageError } from "../core/errors.js";

export interface GridAxis {
  /** the dotted key path as written, e.g. "optimizer.learningRate" */
  key: string;
  /** each value as written (YAML text), e.g. ["0.1", "0.3"] or ["[8]", "[16,16]"] */
  texts: string[];
  /** each value parsed as YAML, as --set parses it */
  values: unknown[];
}

export interface GridAssignment {
  key: string;
  text: string;
  value: unknown;
}

export interface GridPoint {
  /** 0-based position in the full grid, the same whatever the shard */
  index: number;
  /** one per axis, in --grid order */
  assignments: GridAssignment[];
}

/** `KEY=V1,V2,…` → an axis. Commas inside [], {} or quotes belong to a value (`model.hidden=[8],[16,16]`). */
export function parseGridArgument(argument: string): GridAxis {
  const eq = argument.indexOf("=");
  const key = eq < 0 ? "" : argument.slice(0, eq).trim();
  if (eq < 0 || key === "") {
    throw new UsageError(`--grid ${argument}: expected KEY=V1,V2,…, e.g. --grid optimizer.learningRate=0.01,0.1`);
  }
  const texts = splitTopLevel(argument.slice(eq + 1)).map((t) => t.trim());
  texts.forEach((text, i) => {
    if (text === "")
      throw new UsageError(`--grid ${argument}: value ${i + 1} is empty (values are separated by single commas)`);
    if (texts.indexOf(text) !== i) throw new UsageError(`--grid ${argument}: the value ${text} is listed twice`);
  });
  const values = texts.map((text) => {
    try {
      return parseSet(`${key}=${text}`).value;
    } catch (err) {
      throw renameFlag(err, `${key}=${text}`);
    }
  });
  return { key, texts, values };
}

/** The axes of every --grid, refusing a key given twice. */
export function parseGrid(arguments_: readonly string[]): GridAxis[] {
  if (arguments_.length === 0) throw new UsageError("give at least one --grid KEY=V1,V2,…");
  const axes = arguments_.map(parseGridArgument);
  axes.forEach((axis, i) => {
    const first = axes.findIndex((a) => sameKey(a.key, axis.key));
    if (first !== i) throw new UsageError(`--grid ${axis.key} is given twice: list all its values in one --grid`);
  });
  return axes;
}

/** Every point of the grid, in order: the last axis varies fastest. */
export function expandGrid(axes: readonly GridAxis[]): GridPoint[] {
  const count = gridSize(axes);
  const points: GridPoint[] = [];
  for (let index = 0; index < count; index++) {
    let rest = index;
    const assignments: GridAssignment[] = new Array(axes.length);
    for (let j = axes.length - 1; j >= 0; j--) {
      const axis = axes[j]!;
      const v = rest % axis.texts.length;
      rest = Math.floor(rest / axis.texts.length);
      assignments[j] = { key: axis.key, text: axis.texts[v]!, value: axis.values[v] };
    }
    points.push({ index, assignments });
  }
  return points;
}

export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((n, axis) => n * axis.texts.length, 1);
}

/** The point as `--set` arguments, to append after the user's own --set. */
export function pointSets(point: GridPoint): string[] {
  return point.assignments.map((a) => `${a.key}=${a.text}`);
}

/** `key=value, key=value` for people. */
export function describePoint(point: GridPoint): string {
  return pointSets(point).join(", ");
}

/**
 * The point's directory name: `<index>-<key=value,…>`, the index zero-padded to the width of the
 * largest (so `ls` lists points in order), each key shortened to its last segments that still tell
 * the axes apart (optimizer.learningRate → learningRate, model.hidden.0 → hidden.0). A list value
 * loses its brackets and joins its items with "-" (hidden=[16,16] → hidden=16-16), so no name
 * holds a shell glob character ([ ] * ? { }); any other character unsafe in a file name becomes "_".
 */
export function pointName(point: GridPoint, axes: readonly GridAxis[]): string {
  const width = String(Math.max(gridSize(axes) - 1, 0)).length;
  const keys = shortKeys(axes.map((a) => a.key));
  const value = (text: string): string =>
    text
      .replace(/\s+/g, "")
      .replace(/[[\]{}"']/g, "")
      .replace(/,/g, "-")
      .replace(/[^\w.=+-]/g, "_");
  const label = point.assignments.map((a, j) => `${keys[j] ?? a.key}=${value(a.text)}`).join(",");
  return `${String(point.index).padStart(width, "0")}-${label}`;
}

/** Each dotted key cut to the fewest last segments (not starting at a list index) unique among `keys`. */
export function shortKeys(keys: readonly string[]): string[] {
  const split = keys.map((k) => k.replace(/\[(\d+)\]/g, ".$1").split("."));
  return split.map((segments, i) => {
    for (let n = 1; n < segments.length; n++) {
      const tail = segments.slice(-n);
      if (/^\d+$/.test(tail[0]!)) continue;
      const suffix = tail.join(".");
      const clash = split.some((other, j) => j !== i && other.slice(-n).join(".") === suffix);
      if (!clash) return suffix;
    }
    return segments.join(".");
  });
}

/** Same key path, whether written `model.hidden[0]` or `model.hidden.0`. */
export function sameKey(a: string, b: string): boolean {
  const norm = (k: string) => k.replace(/\[(\d+)\]/g, ".$1");
  return norm(a) === norm(b);
}

/** A config error raised for a grid value names --grid, not the --set it was applied as. */
export function renameFlag(err: unknown, argument: string): unknown {
  return renameSet(err, argument, `--grid ${argument}`);
}

/** Split at commas not nested in [], {}, (), or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{" || c === "(") depth++;
    else if (c === "]" || c === "}" || c === ")") depth = Math.max(0, depth - 1);
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
