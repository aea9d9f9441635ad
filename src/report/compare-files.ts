/**
 * The files of a compare-gradients run, each written atomically (durable-files.ts):
 *   results.json  the whole results document      results.csv  one row per case × method
 *   report.html   charts and tables               cases/<L-H>/ (with --save-gradients) model.json,
 *   inputs.json [B×I], targets.json (labels [B], targets [B×O]), gradients.json (one flat [p]
 *   vector per method, in the layout order of model.json's layers: weights row-major, then bias)
 */
import path from "node:path";
import { networkSpec } from "../compare/core-backend.js";
import type { CaseArtifacts, CompareResults } from "../compare/compare-types.js";
import type { Float } from "../core/types.js";
import { layoutOf, parameterTensors } from "../model/layout.js";
import { toModelJson } from "../model/model-json.js";
import { compareCsv } from "./compare-csv.js";
import { compareReportHtml } from "./compare-html.js";
import { ensureFolder, writeFileAtomic, writeJsonAtomic } from "./durable-files.js";

export const COMPARE_FILES = {
  results: "results.json",
  csv: "results.csv",
  report: "report.html",
  cases: "cases",
} as const;

/** What results.json holds: the benchmark's results plus where and when they were measured. */
export type CompareDocument = CompareResults & {
  environment: { node: string; cpu: string; threads: number; platform: string };
  createdAt: string;
};

export function writeCompareFiles(dir: string, document: CompareDocument, subtitle: string): void {
  writeJsonAtomic(path.join(dir, COMPARE_FILES.results), document);
  writeFileAtomic(path.join(dir, COMPARE_FILES.csv), compareCsv(document));
  writeFileAtomic(path.join(dir, COMPARE_FILES.report), compareReportHtml(document, subtitle));
}

/** rows of a [rows×columns] row-major matrix as nested arrays */
function rows(a: Float, columns: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r * columns < a.length; r++) out.push(Array.from(a.subarray(r * columns, (r + 1) * columns)));
  return out;
}

export function writeCaseArtifacts(dir: string, a: CaseArtifacts): void {
  const caseDir = path.join(dir, COMPARE_FILES.cases, a.caseId);
  ensureFolder(caseDir);
  const spec = networkSpec(a.net);
  const I = spec.sizes[0]!;
  const O = spec.sizes[spec.sizes.length - 1]!;
  const B = a.batch.size;
  writeJsonAtomic(
    path.join(caseDir, "model.json"),
    toModelJson(layoutOf(spec), a.params, { init: a.net.init, caseId: a.caseId }),
  );
  writeJsonAtomic(path.join(caseDir, "inputs.json"), { shape: [B, I], x: rows(a.batch.x.subarray(0, B * I), I) });
  writeJsonAtomic(path.join(caseDir, "targets.json"), {
    loss: spec.loss,
    labels: Array.from(a.batch.labels.subarray(0, B)),
    targets: rows(a.batch.targets.subarray(0, B * O), O),
  });
  const gradients: Record<string, number[]> = {};
  for (const [method, g] of Object.entries(a.gradients)) if (g) gradients[method] = Array.from(g);
  writeJsonAtomic(path.join(caseDir, "gradients.json"), {
    layout: parameterTensors(layoutOf(spec)).map((t) => ({ name: t.name, offset: t.offset, shape: t.shape })),
    gradients,
  });
}
