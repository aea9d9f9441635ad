/**
 * JUnit XML as GitLab (artifacts:reports:junit), Jenkins and the GitHub test-report actions read it,
 * following the common schema (Windy Road / Jenkins junit-10.xsd):
 *   <testsuites name tests failures errors skipped time>
 *     <testsuite name tests failures errors skipped time>
 *       <testcase name classname time> [<failure message type>text</failure> | <skipped message/>]
 * Text and attributes are XML-escaped; characters XML 1.0 cannot hold are dropped.
 */
import path from "node:path";
import { ensureFolder, writeFileAtomic } from "./durable-files.js";
import { escapeXml } from "./xml-text.js";

export interface JUnitCase {
  name: string;
  classname: string;
  /** seconds */
  time?: number;
  failure?: { message: string; type: string; text?: string };
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  time?: number;
}

export function junitXml(name: string, suites: readonly JUnitSuite[]): string {
  const count = (cases: readonly JUnitCase[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: 0,
    skipped: cases.filter((c) => c.skipped !== undefined && !c.failure).length,
  });
  const all = suites.flatMap((s) => s.cases);
  const totalTime = suites.reduce((t, s) => t + (s.time ?? sumTime(s.cases)), 0);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites ${attrs({ name, ...count(all), time: totalTime })}>`,
  ];
  for (const suite of suites) {
    const time = suite.time ?? sumTime(suite.cases);
    lines.push(`  <testsuite ${attrs({ name: suite.name, ...count(suite.cases), time })}>`);
    for (const c of suite.cases) lines.push(caseXml(c));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

/** Writes the report atomically (temp file + rename), creating its folder (`--junit reports/x.xml`) if need be. */
export function writeJUnit(file: string, name: string, suites: readonly JUnitSuite[]): void {
  ensureFolder(path.dirname(file));
  writeFileAtomic(file, junitXml(name, suites));
}

function caseXml(c: JUnitCase): string {
  const open = `    <testcase ${attrs({ name: c.name, classname: c.classname, time: c.time ?? 0 })}`;
  if (c.failure) {
    const f = c.failure;
    const failure = `<failure ${attrs({ message: f.message, type: f.type })}>${text(f.text ?? f.message)}</failure>`;
    return `${open}>\n      ${failure}\n    </testcase>`;
  }
  if (c.skipped !== undefined) return `${open}>\n      <skipped ${attrs({ message: c.skipped })}/>\n    </testcase>`;
  return `${open}/>`;
}

function sumTime(cases: readonly JUnitCase[]): number {
  return cases.reduce((t, c) => t + (c.time ?? 0), 0);
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${text(typeof v === "number" ? formatTime(v) : v)}"`)
    .join(" ");
}

/** Non-negative decimals, as xs:decimal wants (no exponent). */
function formatTime(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/\.?0+$/, "");
}

function text(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping the characters XML 1.0 forbids
  return escapeXml(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ""));
}
