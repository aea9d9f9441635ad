/**
 * `sgd compare-gradients`: time backprop, finite differences (central, forward) and path
 * enumeration across a grid of MLPs, check they agree, fit how each grows with depth, and write
 * results.json / results.csv / report.html. Wiring only: config → runComparison → writers.
 * Exit 3 (GradientCheckError) when a method disagrees with backprop beyond `tolerance`, after
 * the files are written.
 */
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Command } from "commander";
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
import type { CliContext } from "../command-options.js";
import { compareJUnit, compareMarkdown, compareOutputs } from "../../report/ci-reports.js";
import {
  type CiFlags,
  type CommonFlags,
  githubFor,
  withCiOptions,
  withCommonOptions,
  withSetOption,
  writeJUnitFor,
} from "../command-options.js";

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

const HELP = `
Each network is I → H × L → O (L hidden layers of width H): a depth sweep at fixed widths and a
width sweep at fixed depth. Per network and method: median/min/max seconds per gradient, exact
multiply-adds, forward-pass equivalents, and max |Δ| / max relative Δ from backprop. A method
whose predicted time (exact multiply-adds ÷ measured rate) exceeds budgetSeconds is skipped and
its prediction recorded. Exit 3 if any method disagrees with backprop beyond tolerance
(max |g − g_bp| / max(1, |g_bp|)); the files are written first.

--article measures the tutorial's 20-layer claim on one network: 20 hidden layers of widths
3,3,3,2 repeated, 1 input, 3 outputs, batch 1 — 4.59e8 ≈ e^20 paths per first-layer weight —
with backprop, both finite differences and path enumeration all run (about 1–4 minutes on 2
cores; the estimate is printed first). The summary ends with the verdict in words.

Files in --out (default runs/compare-gradients-<YYYYMMDD-HHMMSS>): results.json, results.csv,
report.html; with --save-gradients also cases/<case>/{model,inputs,targets,gradients}.json.

Examples:
  sgd compare-gradients --quick
  sgd compare-gradients --article --out runs/article
  sgd compare-gradients --config configs/compare-default.yaml --out runs/cmp
  sgd compare-gradients --set 'depthSweep.widths=[2,3]' --set budgetSeconds=10 --json > results.json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("compare-gradients")
    .description("benchmark and cross-check backprop, finite differences and path enumeration across network sizes")
    .option("--config <file>", "benchmark config, JSON or YAML (default: the built-in grid)")
    .option("--quick", "a reduced grid that finishes in seconds (for CI); --set still applies on top")
    .option(
      "--article",
      "the tutorial's claim: path enumeration measured on a 20-hidden-layer network with ≈ e^20 paths",
    )
    .option("--out <dir>", "output directory (default runs/compare-gradients-<YYYYMMDD-HHMMSS>)")
    .option("--save-gradients", "also write each case's model.json, inputs, targets and gradient vectors")
    .option("--force", "allow writing into a non-empty --out")
    .option("--seed <n>", "seed of every case's weights and data (overrides the config)")
    .addHelpText("after", HELP);
  withCiOptions(withSetOption(withCommonOptions(cmd))).action((flags: CompareFlags) => {
    compareGradientsCommand(flags, ctx.io, defaultCompareDeps);
    ctx.exitCode = 0;
  });
}

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
