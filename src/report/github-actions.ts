/**
 * GitHub Actions workflow commands and job files (docs.github.com, "Workflow commands"):
 *   ::error file=F,line=L,col=C,title=T::message     an annotation (at most 10 errors show per step)
 *   $GITHUB_STEP_SUMMARY                              markdown appended per step, at most 1 MiB
 *   $GITHUB_OUTPUT                                    key=value lines for later steps
 * Escaping as the runner decodes it: in a message % CR LF → %25 %0D %0A; in a property also
 * : , → %3A %2C. On when GITHUB_ACTIONS=true, unless --github / --no-github says otherwise.
 */
import fs from "node:fs";
import type { Io } from "../core/io.js";

/** The runner's limit on one step's summary; ours stays below it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** Error annotations shown per step; further ones are dropped by the runner, so we stop there. */
export const MAX_ERROR_ANNOTATIONS = 10;

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationProperties {
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::level k=v,…::message`, every part escaped. */
export function workflowCommand(level: AnnotationLevel, message: string, props: AnnotationProperties = {}): string {
  const parts = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${level}${parts.length > 0 ? ` ${parts.join(",")}` : ""}::${escapeData(message)}`;
}

/** --github (true), --no-github (false) or, without either, GITHUB_ACTIONS=true. */
export function githubEnabled(env: Io["env"], flag: boolean | undefined): boolean {
  return flag ?? env.GITHUB_ACTIONS === "true";
}

/** Writes annotations (on stderr, which the runner reads as it reads stdout), the summary and outputs. */
export class GitHubActions {
  private errors = 0;
  constructor(
    private readonly io: Io,
    readonly enabled: boolean,
  ) {}

  annotate(level: AnnotationLevel, message: string, props: AnnotationProperties = {}): void {
    if (!this.enabled) return;
    if (level === "error" && ++this.errors > MAX_ERROR_ANNOTATIONS) return;
    this.io.stderr(`${workflowCommand(level, message, props)}\n`);
  }

  /** Appends `markdown` to $GITHUB_STEP_SUMMARY, cut at a line so the file stays below 1 MiB. */
  summary(markdown: string): void {
    const file = this.io.env.GITHUB_STEP_SUMMARY;
    if (!this.enabled || !file) return;
    const used = fs.existsSync(file) ? fs.statSync(file).size : 0;
    fs.appendFileSync(file, cutMarkdown(markdown, SUMMARY_LIMIT_BYTES - used));
  }

  /** Appends `key=value` lines to $GITHUB_OUTPUT (values on one line). */
  outputs(values: Record<string, string | number | boolean | null>): void {
    const file = this.io.env.GITHUB_OUTPUT;
    if (!this.enabled || !file) return;
    const lines = Object.entries(values).map(([k, v]) => `${k}=${String(v ?? "").replace(/[\r\n]+/g, " ")}\n`);
    fs.appendFileSync(file, lines.join(""));
  }
}

const CUT_NOTE = "\n\n… (cut here: the step summary is limited to 1 MiB)\n";

/** `markdown` if it fits in `room` bytes (UTF-8), else its whole lines that fit and a note; "" if not even that. */
export function cutMarkdown(markdown: string, room: number): string {
  const text = markdown.endsWith("\n") ? markdown : `${markdown}\n`;
  if (Buffer.byteLength(text) <= room) return text;
  const budget = room - Buffer.byteLength(CUT_NOTE);
  if (budget <= 0) return "";
  let bytes = 0,
    end = 0;
  for (const line of text.split("\n")) {
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > budget) break;
    bytes += size;
    end += line.length + 1;
  }
  return text.slice(0, end) + CUT_NOTE;
}
