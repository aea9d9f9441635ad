/**
 * Where each value of a config came from, so an error can name the line a user must edit:
 *   key path (["optimizer", "learningRate"]) → file:line:col of its key, or the `--set` that replaced it.
 * A path with no entry of its own reports its nearest recorded ancestor: a missing key is located
 * at the line of the object that lacks it. Lines and columns are 1-based.
 */

/** A key path into a config: object keys and array indices. */
export type ConfigPath = readonly (string | number)[];

export interface SourcePosition {
  line: number;
  col: number;
}

/** Where one value came from, ready to print: `label` is "file:line", "--set k=v", "file" or "config". */
export interface SourceLocation {
  label: string;
  file: string | null;
  line: number | null;
  col: number | null;
  /** the `--set KEY=VALUE` argument that supplied the value, if one did */
  set: string | null;
}

interface Entry {
  path: string[];
  position: SourcePosition | null;
  set: string | null;
}

export class SourceMap {
  private readonly entries = new Map<string, Entry>();

  /** `file` is the config file as the user named it, or null when there is none (defaults + --set). */
  constructor(readonly file: string | null) {}

  /** The key (or array item) at `path` starts at `position` in the file. */
  record(path: ConfigPath, position: SourcePosition): void {
    const p = path.map(String);
    this.entries.set(keyOf(p), { path: p, position, set: null });
  }

  /** `--set argument` replaced the value at `path`: everything the file said below it is gone. */
  recordOverride(path: ConfigPath, argument: string): void {
    const p = path.map(String);
    for (const [key, entry] of this.entries) {
      if (isPrefix(p, entry.path)) this.entries.delete(key);
    }
    this.entries.set(keyOf(p), { path: p, position: null, set: argument });
  }

  /** Where the value at `path` came from: its own entry, else that of its nearest recorded ancestor. */
  locate(path: ConfigPath): SourceLocation {
    const p = path.map(String);
    for (let n = p.length; n >= 0; n--) {
      const entry = this.entries.get(keyOf(p.slice(0, n)));
      if (entry === undefined) continue;
      if (entry.set !== null) {
        return { label: `--set ${entry.set}`, file: null, line: null, col: null, set: entry.set };
      }
      if (entry.position !== null && this.file !== null) {
        const { line, col } = entry.position;
        return { label: `${this.file}:${line}`, file: this.file, line, col, set: null };
      }
    }
    return { label: this.file ?? "config", file: this.file, line: null, col: null, set: null };
  }
}

/** `optimizer.learningRate`, `model.hidden[1]`; the root is `(top level)`. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out === "" ? "(top level)" : out;
}

function keyOf(path: readonly string[]): string {
  return JSON.stringify(path);
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
