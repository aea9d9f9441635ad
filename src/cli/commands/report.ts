/**
 * `sgd report DIR… [--out FILE]`: one self-contained report.html (inline SVG, no network) for a
 * training run, several training runs overlaid, or a compare-gradients run. Wiring only: paths
 * → writeReport (src/report/run-report-files.ts) → one line (or one JSON document) saying where.
 */
import path from "node:path";
import type { Command } from "commander";
import { RUN_FILES } from "../../report/run-directory.js";
import { writeReport } from "../../report/run-report-files.js";
import { readSweepDocument, reportableRunDirs } from "../../report/sweep-files.js";
import { DataError } from "../../core/errors.js";
import { type CommonFlags, withCommonOptions } from "../command-options.js";
import { createReporter } from "../../report/reporter.js";
import type { CliContext } from "../command-options.js";

interface ReportFlags extends CommonFlags {
  out?: string;
}

const HELP = `
Kinds of report, chosen from what the directories hold:
  one training run (config.json, metrics.jsonl, summary.json)
      training and test loss, test accuracy and learning rate against step; a summary table
  several training runs
      overlaid, one colour per run: training loss and test accuracy against samples seen and
      against seconds (e.g. GD against SGD), and a table of each run's final numbers
  a compare-gradients run (results.json)
      time per gradient against depth per method (log scale), fits and the claim table

Output: --out FILE; by default DIR/report.html for one directory, and report.html in the
current directory for several. Charts are inline SVG: the file opens from disk, offline.
A directory that is not a run directory is refused (exit 2), naming what is missing.

Examples:
  sgd report runs/mnist-minibatch-20250101-120000
  sgd report runs/mnist-sgd runs/mnist-minibatch runs/mnist-gd --out gd-vs-sgd.html
  sgd report runs/compare-gradients-20250101-120000
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("report")
    .description("write a self-contained report.html (SVG charts) for a run, several runs, or a benchmark")
    .argument("<dirs...>", "run directories of sgd train, a directory of sgd sweep, or one of sgd compare-gradients")
    .option(
      "--out <file>",
      "the HTML file to write (default: DIR/report.html for one directory, ./report.html for several)",
    )
    .addHelpText("after", HELP);
  withCommonOptions(cmd).action((dirs: string[], flags: ReportFlags) => {
    const out = createReporter(ctx.io, flags);
    // a sweep directory stands for its runs, overlaid
    const absolute = dirs.flatMap((d) => {
      const dir = path.resolve(ctx.io.cwd, d);
      const sweep = readSweepDocument(dir);
      return sweep === null ? [dir] : reportableRunDirs(dir, sweep);
    });
    if (absolute.length === 0) throw new DataError(`${dirs.join(" ")}: the sweep has no finished run to report yet`);
    const file =
      flags.out !== undefined
        ? path.resolve(ctx.io.cwd, flags.out)
        : dirs.length === 1
          ? path.join(path.resolve(ctx.io.cwd, dirs[0]!), RUN_FILES.report)
          : path.join(ctx.io.cwd, RUN_FILES.report);
    const report = writeReport(absolute, file, `sgd report ${dirs.join(" ")}`);
    out.info(`wrote ${file} (${describeKind(report.kind, absolute.length)})`);
    out.result({ report: file, kind: report.kind, directories: absolute });
    ctx.exitCode = 0;
  });
}

function describeKind(kind: "train" | "overlay" | "compare", count: number): string {
  if (kind === "compare") return "compare-gradients report";
  return kind === "train" ? "one training run" : `${count} training runs overlaid`;
}
