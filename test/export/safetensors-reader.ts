/**
 * A safetensors reader for the tests (the format: src/export/safetensors.ts): the 8-byte header
 * length, the JSON header, and each F32/F64 tensor read back from its data_offsets.
 */
export interface SafeTensor {
  dtype: "F32" | "F64";
  shape: number[];
  /** the values in row-major order */
  data: Float32Array | Float64Array;
}

export interface SafetensorsFile {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
}

/** Parses a safetensors file of F32/F64 tensors; throws RangeError naming what is wrong. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new RangeError(`safetensors: ${bytes.length} bytes is too short for the header size`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw new RangeError(`safetensors: header of ${n} bytes runs past the end of the file`);
  const header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const start = 8 + n,
    tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as unknown as Record<string, string>;
      continue;
    }
    const [begin, end] = entry.data_offsets;
    const size = entry.dtype === "F32" ? 4 : entry.dtype === "F64" ? 8 : 0;
    if (size === 0) throw new RangeError(`safetensors: ${name}: dtype ${entry.dtype} is not F32 or F64`);
    const count = entry.shape.reduce((p, d) => p * d, 1);
    if (end - begin !== count * size || start + end > bytes.length)
      throw new RangeError(`safetensors: ${name}: data_offsets [${begin}, ${end}] do not fit shape [${entry.shape}]`);
    const data = size === 4 ? new Float32Array(count) : new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const at = start + begin + k * size;
      data[k] = size === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
    }
    tensors.set(name, { dtype: entry.dtype as SafeTensor["dtype"], shape: entry.shape, data });
  }
  return { tensors, metadata };
}
