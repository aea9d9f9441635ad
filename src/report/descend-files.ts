/**
 * The files of `sgd descend --out DIR`, each written atomically (temp file + rename):
 *   descend.json  the result document (the same one --json prints)
 *   report.html   isolines and trajectories (2-D), f − f* against step, the verdicts
 */
import path from "node:path";
import type { DescendResult } from "../descend/descend.js";
import { descendReportHtml } from "./descend-report.js";
import { prepareOutputDir, writeFileAtomic, writeJsonAtomic } from "./run-directory.js";

export const DESCEND_FILES = { result: "descend.json", report: "report.html" } as const;

/** Writes both files into `dir` (refused when it is not empty, unless `force`); returns their paths. */
export function writeDescendFiles(dir: string, result: DescendResult, force: boolean): string[] {
  prepareOutputDir(dir, force);
  const files = [path.join(dir, DESCEND_FILES.result), path.join(dir, DESCEND_FILES.report)];
  writeJsonAtomic(files[0]!, result);
  writeFileAtomic(files[1]!, descendReportHtml(result, `sgd descend --function ${result.function}`));
  return files;
}
