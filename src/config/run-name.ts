/**
 * A run's `name`, which becomes a folder name under runs/ (runs/<name>-<YYYYMMDD-HHMMSS>): letters,
 * digits, ".", "_", "-" and "+", at most MAX_NAME_LENGTH, starting with a letter or digit — so no
 * path separator, no "..", no space, glob or control character, and a config never writes outside
 * runs/. The error names the character that is not allowed.
 */
import { z } from "zod";

/** A run's name becomes a folder name under runs/: at most this many characters. */
export const MAX_NAME_LENGTH = 64;
const NAME_CHARACTER = /[\p{L}\p{N}._+-]/u;

/** Why `name` cannot name a folder, or null: a path separator, "..", a control character, too long. */
export function nameIssue(name: string): string | null {
  if (name === "") return null; // the schema's min(1) says it
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH)
    return `is ${chars.length} characters long; a run name may have at most ${MAX_NAME_LENGTH}`;
  const bad = chars.find((ch) => !NAME_CHARACTER.test(ch));
  if (bad !== undefined) {
    return (
      `${JSON.stringify(name.length > 40 ? `${name.slice(0, 39)}…` : name)} contains ${describeCharacter(bad)}, ` +
      'which a run name may not (it names a folder under runs/: use letters, digits, ".", "_", "-", "+")'
    );
  }
  if (!/^[\p{L}\p{N}]/u.test(name))
    return `${JSON.stringify(name)} must start with a letter or a digit (it names a folder under runs/)`;
  return null;
}

function describeCharacter(ch: string): string {
  if (ch === " ") return "a space";
  if (ch === "/" || ch === "\\") return `a path separator "${ch}"`;
  const code = ch.codePointAt(0)!;
  if (code < 32 || code === 127) return `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `"${ch}"`;
}

/** A safe folder name (nameIssue), for the run directory and the sweep directory. */
export const RunName = z
  .string()
  .min(1)
  .superRefine((name, ctx) => {
    const issue = nameIssue(name);
    if (issue !== null) ctx.addIssue({ code: "custom", message: issue });
  });
