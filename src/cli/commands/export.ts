/**
 * `sgd export --model RUN_DIR --format onnx|tfjs|safetensors [--out PATH] [--force]`: the run's
 * model.json in a format other tools read. Wiring only: flags → exportRunModel
 * (src/report/model-export.ts) → one line per file (and, for safetensors, the PyTorch that
 * loads it), or one JSON document.
 * Its modules load when the command runs (program.ts: other commands never load them).
 */
import path from "node:path";
import { Option, type Command } from "commander";
import { EXPORT_FORMATS, type ExportFormat } from "../../report/export-formats.js";
import { type CliContext, type CommonFlags, withCommonOptions } from "../command-options.js";
import { VERSION } from "../version.js";

interface ExportFlags extends CommonFlags {
  model: string;
  format: ExportFormat;
  out?: string;
  force?: boolean;
}

const HELP = `
Formats (every one takes the raw features, as in the training data, and applies the stored
normalization itself; classifiers output class probabilities):
  onnx         RUN_DIR/model.onnx: ONNX IR 7, opset 13 (Gemm, Relu/LeakyRelu/Sigmoid/Tanh,
               Softmax); input "input" [N×I], output "probabilities" or "outputs"
  tfjs         RUN_DIR/tfjs/model.json + weights.bin: a TensorFlow.js Sequential of Dense layers
               for tf.loadLayersModel (float32)
  safetensors  RUN_DIR/model.safetensors: PyTorch nn.Sequential names (0.weight [O×I], 0.bias, …);
               prints the five lines of Python that load it
An existing --out is refused unless --force.

Examples:
  sgd export --model runs/moons --format onnx
  sgd export --model runs/moons --format tfjs --out web/moons-model
  sgd export --model runs/moons --format safetensors --json
`;

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("export")
    .description("write a run's model as ONNX, TensorFlow.js layers or safetensors")
    .requiredOption("--model <runDir>", "run directory of sgd train (holds model.json)")
    .addOption(new Option("--format <format>", "the file format").choices(EXPORT_FORMATS).makeOptionMandatory())
    .option("--out <path>", "file to write (a folder for tfjs); default inside the run directory")
    .option("--force", "overwrite an existing --out")
    .addHelpText("after", HELP);
  withCommonOptions(cmd).action(async (flags: ExportFlags) => {
    const [{ exportRunModel }, { createReporter }] = await Promise.all([
      import("../../report/model-export.js"),
      import("../../report/reporter.js"),
    ]);
    const out = createReporter(ctx.io, flags);
    const outcome = exportRunModel({
      dir: path.resolve(ctx.io.cwd, flags.model),
      format: flags.format,
      ...(flags.out !== undefined ? { out: path.resolve(ctx.io.cwd, flags.out) } : {}),
      force: flags.force === true,
      version: VERSION,
      cwd: ctx.io.cwd,
    });
    out.info(`${outcome.model} (${outcome.network}, ${outcome.precision}) as ${outcome.format}:`);
    for (const file of outcome.files) out.info(`wrote ${file.path} (${file.bytes.toLocaleString("en-US")} bytes)`);
    out.result(outcome, outcome.pytorch ? `# load it in PyTorch:\n${outcome.pytorch.join("\n")}` : undefined);
    ctx.exitCode = 0;
  });
}
