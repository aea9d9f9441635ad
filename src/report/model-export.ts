/**
 * `sgd export`: a run directory's model.json (src/report/run-model.ts) written in a format other
 * tools read (the encoders are src/export/):
 *   onnx         RUN_DIR/model.onnx          one ModelProto file
 *   tfjs         RUN_DIR/tfjs/               model.json + weights.bin (TensorFlow.js layers format)
 *   safetensors  RUN_DIR/model.safetensors   PyTorch nn.Sequential state_dict names
 * An existing output is refused without `force`. Each file is written to a temporary name and
 * renamed into place, so a failed export never leaves half a file.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { exportNetwork, type ExportNetwork } from "../export/exported-network.js";
import { encodeOnnx, ONNX_INPUT, ONNX_IR_VERSION, ONNX_OPSET, onnxOutputName } from "../export/onnx.js";
import { encodeSafetensors, pytorchSnippet } from "../export/safetensors.js";
import { encodeTfjs, TFJS_WEIGHTS_FILE } from "../export/tfjs-layers.js";
import { writeFileAtomic, writeJsonAtomic } from "./run-directory.js";
import { readRunModel } from "./run-model.js";
import { EXPORT_FORMATS, type ExportFormat } from "./export-formats.js";

export { EXPORT_FORMATS, type ExportFormat };

const DEFAULT_OUT: Record<ExportFormat, string> = {
  onnx: "model.onnx",
  tfjs: "tfjs",
  safetensors: "model.safetensors",
};

export interface ExportRequest {
  /** the run directory (absolute) */
  dir: string;
  format: ExportFormat;
  /** the file (or, for tfjs, the folder) to write; default inside the run directory */
  out?: string;
  force: boolean;
  /** sgd's version, recorded as the producer */
  version: string;
  /** the working directory: the printed PyTorch lines name the file relative to it when it is below */
  cwd: string;
}

export interface ExportOutcome {
  format: ExportFormat;
  model: string;
  out: string;
  /** every file written, with its size */
  files: { path: string; bytes: number }[];
  network: string;
  precision: string;
  /** what the format's reader needs to know (input and output names, opset, …) */
  details: Record<string, unknown>;
  /** for safetensors: the Python that loads the file into an nn.Sequential */
  pytorch?: string[];
}

export function exportRunModel(request: ExportRequest): ExportOutcome {
  const saved = readRunModel(request.dir);
  const net = exportNetwork(saved.model, saved);
  const out = path.resolve(request.dir, request.out ?? DEFAULT_OUT[request.format]);
  if (fs.existsSync(out) && !request.force)
    throw new UsageError(`--out ${out}: already exists (use --force to overwrite it)`);
  const files = writeFormat(request, net, out);
  const base = {
    format: request.format,
    model: saved.file,
    out,
    files: files.map((f) => ({ path: f, bytes: fs.statSync(f).size })),
    network: net.spec.sizes.join("-"),
    precision: request.format === "tfjs" ? "float32" : net.precision,
  };
  if (request.format === "onnx") {
    const details = { ir_version: ONNX_IR_VERSION, opset: ONNX_OPSET, input: ONNX_INPUT, output: onnxOutputName(net) };
    return { ...base, details };
  }
  if (request.format === "tfjs")
    return { ...base, details: { load: "tf.loadLayersModel(<url or file of model.json>)" } };
  const shown = path.relative(request.cwd, out);
  return { ...base, details: {}, pytorch: pytorchSnippet(net, shown.startsWith("..") ? out : shown) };
}

function writeFormat(request: ExportRequest, net: ExportNetwork, out: string): string[] {
  const generatedBy = `sgd ${request.version}`;
  if (request.format === "onnx") {
    writeFileAtomic(out, encodeOnnx(net, { name: "sgd", version: request.version }));
    return [out];
  }
  if (request.format === "safetensors") {
    const metadata: Record<string, string> = {
      format: "pt",
      generated_by: generatedBy,
      task: net.task,
      ...(net.classNames ? { class_names: JSON.stringify(net.classNames) } : {}),
      normalization: net.normalization === null ? "none" : "folded into 0.weight and 0.bias",
    };
    writeFileAtomic(out, encodeSafetensors(net, metadata));
    return [out];
  }
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory())
    throw new UsageError(`--out ${out}: is a file; the tfjs format is a folder (model.json + ${TFJS_WEIGHTS_FILE})`);
  fs.mkdirSync(out, { recursive: true });
  const { modelJson, weights } = encodeTfjs(net, generatedBy);
  const weightsFile = path.join(out, TFJS_WEIGHTS_FILE),
    modelFile = path.join(out, "model.json");
  writeFileAtomic(weightsFile, weights);
  writeJsonAtomic(modelFile, modelJson);
  return [modelFile, weightsFile];
}
