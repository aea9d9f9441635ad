/**
 * The formats `sgd export` writes (model-export.ts writes them), in a module of their own so the
 * CLI can list them in its help without loading the encoders.
 */
export const EXPORT_FORMATS = ["onnx", "tfjs", "safetensors"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
