/**
 * loadConfigFile(path, cwd): read a config file and parse it by extension — .json as JSON,
 * .yaml/.yml as YAML, anything else is an error — keeping a SourceMap (key path → line) for
 * error messages. The top level must be an object of config keys. A file over MAX_CONFIG_BYTES is
 * refused unread (a config is a few hundred bytes). The only I/O of src/config/; `cwd` is an
 * argument, so nothing here reads the process.
 */
import { readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import { plainReason } from "../core/fs-error.js";
import { failFile } from "./config-issue.js";
import { parseJsonSource } from "./json-source.js";
import { parseYamlSource } from "./yaml-source.js";
import { describeFound, isPlainObject } from "./schema-node.js";
import type { SourceMap } from "./source-map.js";

export const CONFIG_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

/** The largest config file read: 1 MiB. */
export const MAX_CONFIG_BYTES = 2 ** 20;

export interface LoadedConfigFile {
  /** the parsed top-level object, not yet validated */
  value: Record<string, unknown>;
  /** where each key came from; `where.file` is `path` as the user wrote it */
  where: SourceMap;
}

export function loadConfigFile(path: string, cwd: string): LoadedConfigFile {
  const extension = extname(path).toLowerCase();
  if (!(CONFIG_EXTENSIONS as readonly string[]).includes(extension)) {
    const found = extension === "" ? "no extension" : `"${extension}"`;
    failFile(path, `a config file must end in .json, .yaml or .yml (found ${found})`);
  }
  const text = readText(path, cwd).replace(/^\uFEFF/, "");
  const parsed = extension === ".json" ? parseJsonSource(text, path) : parseYamlSource(text, path);
  if (!isPlainObject(parsed.value)) {
    failFile(path, `expected an object of config keys at the top level, found ${describeFound(parsed.value)}`, {
      line: 1,
      col: 1,
    });
  }
  return { value: parsed.value, where: parsed.where };
}

function readText(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  try {
    const size = statSync(absolute).size;
    if (size > MAX_CONFIG_BYTES) {
      failFile(path, `the file has ${size.toLocaleString("en-US")} bytes; a config may have at most 1 MiB`);
    }
    return readFileSync(absolute, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const inDir = isAbsolute(path) ? "" : ` (looked in ${cwd})`;
    if (code === "ENOENT") return failFile(path, `no such file${inDir}`);
    if (code === "EISDIR") return failFile(path, "is a directory, not a config file");
    const reason = plainReason(err);
    if (reason === null) throw err;
    return failFile(path, `cannot read: ${reason}`);
  }
}
