/**
 * A JSON reader that keeps positions: it returns the value together with a SourceMap (key path →
 * line:col of each key and array item), and names the line and column of a syntax error with
 * what is wrong there (trailing comma, missing comma, comment, single quotes). `JSON.parse` in
 * Node 20 reports neither line nor, for some errors, even the offset. Grammar: RFC 8259.
 */
import { failFile } from "./config-issue.js";
import { SourceMap, type ConfigPath, type SourcePosition } from "./source-map.js";

// JSON strings may not hold the control characters U+0000–U+001F unescaped: matching them is the point
// biome-ignore lint/suspicious/noControlCharactersInRegex: see the line above
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const MAX_DEPTH = 500;

export function parseJsonSource(text: string, file: string): { value: unknown; where: SourceMap } {
  const reader = new JsonReader(text, file);
  const value = reader.document();
  return { value, where: reader.where };
}

class JsonReader {
  readonly where: SourceMap;
  private pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.where = new SourceMap(file);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  document(): unknown {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(this.pos, "the file is empty (expected a JSON object)");
    const value = this.value([], 0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(this.pos, "unexpected text after the end of the JSON value");
    return value;
  }

  private value(path: ConfigPath, depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(this.pos, `nesting deeper than ${MAX_DEPTH} levels`);
    if (path.length === 0) this.where.record(path, this.position(this.pos));
    const ch = this.text[this.pos];
    if (ch === "{") return this.object(path, depth);
    if (ch === "[") return this.array(path, depth);
    if (ch === '"') return this.string();
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return this.number();
    return this.word();
  }

  private object(path: ConfigPath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const firstLine = new Map<string, number>();
    this.pos++; // {
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const keyAt = this.pos;
      if (this.text[keyAt] !== '"') this.unexpected(keyAt, "a key in double quotes");
      const key = this.string();
      const here = this.position(keyAt);
      const seen = firstLine.get(key);
      if (seen !== undefined) this.fail(keyAt, `duplicate key "${key}" (first at line ${seen})`);
      firstLine.set(key, here.line);
      this.where.record([...path, key], here);
      this.skipSpace();
      if (this.text[this.pos] !== ":") this.unexpected(this.pos, `":" after the key "${key}"`);
      this.pos++;
      this.skipSpace();
      const value = this.value([...path, key], depth + 1);
      // defineProperty: a key named __proto__ stays an ordinary (unknown) key
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      if (this.endOfList("}", `"," or "}" after the value of "${key}"`)) return out;
    }
  }

  private array(path: ConfigPath, depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      this.where.record([...path, out.length], this.position(this.pos));
      out.push(this.value([...path, out.length], depth + 1));
      if (this.endOfList("]", `"," or "]" after an item of the list`)) return out;
    }
  }

  /** After a member: `close` ends the list (true), "," continues it (false); a trailing comma is an error. */
  private endOfList(close: string, expected: string): boolean {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === close) {
      this.pos++;
      return true;
    }
    if (ch !== ",") this.unexpected(this.pos, expected);
    const comma = this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === close) this.fail(comma, `trailing comma before "${close}" (JSON allows none)`);
    return false;
  }

  private string(): string {
    STRING.lastIndex = this.pos;
    const match = STRING.exec(this.text);
    if (match === null) this.fail(this.pos, "unterminated string, a line break inside it, or a bad \\ escape");
    this.pos += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail(this.pos, "invalid number");
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private word(): boolean | null {
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text)?.[0];
    if (word === "true" || word === "false" || word === "null") {
      this.pos += word.length;
      return word === "true" ? true : word === "false" ? false : null;
    }
    if (word !== undefined)
      this.fail(this.pos, `unknown word "${word}" (values are "strings", numbers, true, false, null, [ ] or { })`);
    return this.unexpected(this.pos, "a value");
  }

  private unexpected(at: number, expected: string): never {
    const ch = this.text[at];
    if (ch === undefined) return this.fail(at, `unexpected end of file, expected ${expected}`);
    if (ch === "/") return this.fail(at, "comments are not allowed in JSON (use YAML for comments)");
    if (ch === "'") return this.fail(at, "strings and keys need double quotes in JSON");
    const shown = ch === "\n" || ch === "\r" ? "a line break" : JSON.stringify(ch);
    return this.fail(at, `expected ${expected}, found ${shown}`);
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      this.pos++;
    }
  }

  private position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  private fail(at: number, problem: string): never {
    return failFile(this.file, `JSON syntax error: ${problem}`, this.position(at));
  }
}
