/**
 * `sgd report DIR… [--out FILE]`: one self-contained report.html (inline SVG, no network) for a
 * training run, several training runs overlaid, or a compare-gradients run. Wiring only: paths
 * → writeReport (src/report/run-report-files.ts) → one line (or one JSON document) saying where.
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import type { Command } from "commander";
import type { BuiltReport, ReportKind } from "../../report/run-report-files.js";
import { DataError } from "../../core/errors.js";
import { type CommonFlags, withCommonOptions } from "../command-options.js";
import type { CliContext } from "../command-options.js";

interface ReportFlags extends CommonFlags {
  out?: string;
}

const HELP = `
Kinds of report, chosen from what the directories hold:
  one training run (config.json, metrics.jsonl, summary.json)
      training and test loss, test accuracy and learning rate against step; what the network
      learned (decision regions and hidden units on 2-D data, the fitted curve on 1-D regression,
      confusion matrix, misclassified digits and first-layer weight images on MNIST); weight and
      gradient histograms at start, middle and end (histograms.json); a summary table
  several training runs
      overlaid, one colour per run, named by the config keys that differ: training loss and
      test accuracy against samples seen and against seconds (e.g. GD against SGD), and a table
  a sweep directory (sweep.json)
      the final metric as a heatmap over two grid axes, one small chart per point on shared
      axes, the points against time, and a table of every point
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
  withCommonOptions(cmd).action(async (dirs: string[], flags: ReportFlags) => {
    const [{ RUN_FILES }, { writeReport }, { readSweepDocument, reportableRunDirs, writeSweepReport }] =
      await Promise.all([
        import("../../report/run-directory.js"),
        import("../../report/run-report-files.js"),
        import("../../report/sweep-files.js"),
      ]);
    const [{ learnedOf }, { createReporter }] = await Promise.all([
      import("../../run/learned-run.js"),
      import("../../report/reporter.js"),
    ]);
    const out = createReporter(ctx.io, flags);
    const subtitle = `sgd report ${dirs.join(" ")}`;
    const file =
      flags.out !== undefined
        ? path.resolve(ctx.io.cwd, flags.out)
        : dirs.length === 1
          ? path.join(path.resolve(ctx.io.cwd, dirs[0]!), RUN_FILES.report)
          : path.join(ctx.io.cwd, RUN_FILES.report);
    const noRun = () => new DataError(`${dirs.join(" ")}: the sweep has no finished run to report yet`);
    const sweeps = dirs.map((d) => readSweepDocument(path.resolve(ctx.io.cwd, d)));
    let report: BuiltReport;
    if (dirs.length === 1 && sweeps[0]) {
      // one sweep directory: the sweep report
      const written = writeSweepReport(path.resolve(ctx.io.cwd, dirs[0]!), sweeps[0], file, subtitle);
      if (written === null) throw noRun();
      report = written.report;
    } else {
      // several directories: a sweep directory stands for its runs, overlaid
      const absolute = dirs.flatMap((d, i) => {
        const dir = path.resolve(ctx.io.cwd, d);
        return sweeps[i] ? reportableRunDirs(dir, sweeps[i]) : [dir];
      });
      if (absolute.length === 0) throw noRun();
      report = writeReport(absolute, file, subtitle, { learned: (dir) => learnedOf(dir, ctx.io.cwd) });
    }
    const directories = report.runs.map((r) => r.dir);
    out.info(`wrote ${file} (${describeKind(report.kind, directories.length)})`);
    out.result({ report: file, kind: report.kind, directories });
    ctx.exitCode = 0;
  });
}

function describeKind(kind: ReportKind, count: number): string {
  if (kind === "compare") return "compare-gradients report";
  if (kind === "sweep") return `sweep report of ${count} runs`;
  return kind === "train" ? "one training run" : `${count} training runs overlaid`;
}
