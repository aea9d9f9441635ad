/**
 * A small CSV reader for numeric tables (RFC 4180 subset): comma-separated fields, one record
 * per line (LF or CRLF), the first non-blank line is the header, blank lines are skipped.
 * A field may be quoted ("a,b", with "" for a quote) but may not span lines.
 * Every field remembers its line and character column, so errors can point at it: file:line:col.
 */
import { DataError } from "../core/errors.js";

export interface CsvRecord {
  /** 1-based line number in the file */
  readonly line: number;
  /** field values, unquoted, surrounding spaces of unquoted fields trimmed */
  readonly fields: string[];
  /** 1-based character column where each field starts */
  readonly columns: number[];
}

export interface CsvTable {
  readonly header: CsvRecord;
  readonly rows: CsvRecord[];
}

/** Parse `text`; `file` names it in errors. Ragged rows, empty files and bad quoting are DataErrors. */
export function parseCsv(text: string, file: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const records: CsvRecord[] = [];
  lines.forEach((content, k) => {
    if (content.trim() !== "") records.push(splitLine(content, k + 1, file));
  });
  const [header, ...rows] = records;
  if (!header) throw new DataError(`${file}: the file is empty (expected a header row and data rows)`);
  if (rows.length === 0) throw new DataError(`${file}: has a header but no data rows`);
  checkHeader(header, file);
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      throw new DataError(
        `${file}:${row.line}: ${row.fields.length} fields, ` +
          `but the header (line ${header.line}) has ${header.fields.length}`,
      );
    }
  }
  return { header, rows };
}

function checkHeader(header: CsvRecord, file: string): void {
  const seen = new Set<string>();
  header.fields.forEach((name, j) => {
    const where = `${file}:${header.line}:${header.columns[j]}`;
    if (name === "") throw new DataError(`${where}: header column ${j + 1} has no name`);
    if (seen.has(name)) throw new DataError(`${where}: header column name "${name}" appears twice`);
    seen.add(name);
  });
}

/** Split one line into fields, honouring double quotes. */
function splitLine(content: string, line: number, file: string): CsvRecord {
  const fields: string[] = [];
  const columns: number[] = [];
  let at = 0;
  for (;;) {
    columns.push(at + 1);
    const { value, next } =
      content[skipSpaces(content, at)] === '"'
        ? quotedField(content, skipSpaces(content, at), line, file)
        : plainField(content, at);
    fields.push(value);
    if (next >= content.length) break;
    at = next + 1; // past the comma
  }
  return { line, fields, columns };
}

function skipSpaces(s: string, at: number): number {
  while (s[at] === " " || s[at] === "\t") at++;
  return at;
}

/** An unquoted field from `at` to the next comma (or the end); `next` is the comma's index. */
function plainField(s: string, at: number): { value: string; next: number } {
  const comma = s.indexOf(",", at);
  const end = comma < 0 ? s.length : comma;
  return { value: s.slice(at, end).trim(), next: end };
}

/** A quoted field starting at the quote `at`; only spaces may follow the closing quote before the comma. */
function quotedField(s: string, at: number, line: number, file: string): { value: string; next: number } {
  let value = "";
  let k = at + 1;
  for (;;) {
    const close = s.indexOf('"', k);
    if (close < 0)
      throw new DataError(`${file}:${line}:${at + 1}: unterminated quoted field (a field may not span lines)`);
    value += s.slice(k, close);
    if (s[close + 1] === '"') {
      value += '"';
      k = close + 2;
      continue;
    }
    const after = skipSpaces(s, close + 1);
    if (after < s.length && s[after] !== ",") {
      throw new DataError(`${file}:${line}:${after + 1}: unexpected text after a closing quote`);
    }
    return { value, next: after };
  }
}
