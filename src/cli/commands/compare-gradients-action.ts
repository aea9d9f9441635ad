/**
 * The body of `sgd compare-gradients` (compare-gradients.ts holds its flags and loads this module
 * when the command runs): config → runComparison → results.json / results.csv / report.html and
 * the CI reports. Exit 3 (GradientCheckError) when a method disagrees with backprop beyond
 * `tolerance`, after the files are written.
 */
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { describeLocation } from "../../compare/agreement.js";
import type { BenchBackend } from "../../compare/compare-types.js";
import { checkGridMemory } from "../../compare/compare-grid.js";
import { coreBackend } from "../../compare/core-backend.js";
import { runComparison } from "../../compare/compare-run.js";
import type { Clock } from "../../compare/timing.js";
import { ARTICLE_SETS, CompareConfig, QUICK_SETS } from "../../config/compare-schema.js";
import { renameSet, seedSet } from "../../config/config-sets.js";
import { loadConfig } from "../../config/load-config.js";
import { GradientCheckError, UsageError } from "../../core/errors.js";
import { writeCaseArtifacts, writeCompareFiles, type CompareDocument } from "../../report/compare-files.js";
import { progressLine, summaryText } from "../../report/compare-table.js";
import { lockFolder } from "../../report/folder-lock.js";
import { defaultRunDir, prepareOutputDir } from "../../report/run-directory.js";
import type { Io } from "../io.js";
import { compareJUnit, compareMarkdown, compareOutputs } from "../../report/ci-reports.js";
import { type CiFlags, type CommonFlags, githubFor, writeJUnitFor } from "../command-options.js";

export interface CompareFlags extends CommonFlags, CiFlags {
  config?: string;
  set: string[];
  quick?: boolean;
  article?: boolean;
  out?: string;
  saveGradients?: boolean;
  force?: boolean;
  seed?: string;
}

/** What the command needs from the outside world; tests pass fakes (a wrong method, a fake clock). */
export interface CompareDeps {
  backend: BenchBackend;
  clock: Clock;
  /** wall-clock time, for the default --out name and createdAt */
  date: () => Date;
}

export const defaultCompareDeps: CompareDeps = {
  backend: coreBackend,
  clock: { now: () => performance.now() / 1000 },
  date: () => new Date(),
};

/** The command without commander: returns the results document, or throws a typed error. */
export function compareGradientsCommand(flags: CompareFlags, io: Io, deps: CompareDeps): CompareDocument {
  const sets = configSets(flags);
  let config: CompareConfig;
  try {
    config = loadConfig(CompareConfig, flags.config ?? null, sets, io.cwd);
  } catch (err) {
    throw flags.seed === undefined ? err : renameSet(err, sets[sets.length - 1]!, `--seed ${flags.seed}`);
  }
  checkGridMemory(config, flags.saveGradients === true, io.platform.memory);
  const startedAt = deps.date();
  const dir = prepareOutputDir(
    path.resolve(io.cwd, flags.out ?? defaultRunDir(io.cwd, "compare-gradients", startedAt)),
    Boolean(flags.force),
    flags.out === undefined,
  );
  const lock = lockFolder(dir, { pid: io.platform.pid, command: "sgd compare-gradients" }, (m) =>
    io.stderr(`warning: ${m}\n`),
  );
  try {
    return compareInDir(config, dir, startedAt, flags, io, deps);
  } finally {
    lock.release();
  }
}

function compareInDir(
  config: CompareConfig,
  dir: string,
  startedAt: Date,
  flags: CompareFlags,
  io: Io,
  deps: CompareDeps,
): CompareDocument {
  const say = (text: string): void => {
    if (!flags.quiet) io.stderr(text);
  };
  say(`compare-gradients → ${dir}\n`);

  const results = runComparison(config, {
    backend: deps.backend,
    clock: deps.clock,
    onEvent: (event) => say(progressLine(event)),
    ...(flags.saveGradients ? { onArtifacts: (a) => writeCaseArtifacts(dir, a) } : {}),
  });
  const document: CompareDocument = { ...results, environment: environment(), createdAt: startedAt.toISOString() };
  writeCompareFiles(dir, document, `sgd compare-gradients · ${startedAt.toISOString()} · ${document.environment.cpu}`);

  say(`\n${summaryText(results)}Wrote ${dir}/results.json, results.csv, report.html\n`);
  if (flags.json) io.stdout(`${JSON.stringify(document)}\n`);
  const github = githubFor(io, flags);
  github.summary(compareMarkdown(results));
  github.outputs(compareOutputs(dir, results));
  writeJUnitFor(io, flags, "sgd compare-gradients", [compareJUnit(results)]);
  const worst = results.check.worst;
  if (!results.check.passed && worst) {
    const where = worst.agreement.worst ? describeLocation(worst.agreement.worst) : "unknown parameter";
    throw new GradientCheckError(
      `gradient check failed: ${worst.method} disagrees with backprop on ${worst.caseId} at ${where} ` +
        `(max |Δ|/max(1,|g_bp|) = ${worst.agreement.maxScaledError.toExponential(2)} ` +
        `> tolerance ${config.tolerance}); results in ${dir}`,
    );
  }
  return document;
}

/** --quick or --article first, then the user's --set in order, then --seed: the later one wins. */
function configSets(flags: CompareFlags): string[] {
  if (flags.quick && flags.article) throw new UsageError("--quick and --article are two different grids: choose one");
  const sets = [...(flags.quick ? QUICK_SETS : []), ...(flags.article ? ARTICLE_SETS : []), ...flags.set];
  if (flags.seed !== undefined) sets.push(seedSet(flags.seed));
  return sets;
}

function environment(): CompareDocument["environment"] {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model ?? "unknown",
    threads: cpus.length,
    platform: `${process.platform}-${process.arch}`,
  };
}
