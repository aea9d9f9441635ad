/**
 * IDX files, the format of LeCun's MNIST distribution, raw or gzip-compressed (.gz):
 *   bytes 0–3  magic 0x00 0x00 <type> <ndims>   (type 0x08 = unsigned byte)
 *   then ndims big-endian uint32 sizes, then the ∏sizes body bytes, row-major.
 * Images: magic 0x00000803, sizes [N, rows, cols]; labels: magic 0x00000801, sizes [N], values 0..9.
 * Pixels are scaled to [0, 1] by /255. Every problem is a DataError naming the file.
 */
import { statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { DataConfig, Precision } from "../config/train-schema.js";
import { DataError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import type { Float } from "../core/types.js";
import { readDataFile, resolveDataPath, withDataFile } from "./data-file.js";
import { numberedNames, type RawDataset, type Split } from "./dataset.js";
import { DIGIT_NAMES } from "./mnist.js";
import { stratifiedIndices, takeRows, type ByteRows, type Pool } from "./sample-split.js";

type IdxConfig = Extract<DataConfig, { source: "idx" }>;
export type IdxKind = "images" | "labels";

export const IDX_MAGIC: Record<IdxKind, number> = { images: 0x00000803, labels: 0x00000801 };
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface IdxArray {
  /** sizes from the header, e.g. [N, 28, 28] */
  readonly dims: number[];
  /** ∏dims bytes, row-major */
  readonly data: Uint8Array;
}

const hex = (v: number): string => `0x${v.toString(16).padStart(8, "0")}`;

/** Decode an IDX byte buffer that should hold `kind`; `file` names it in errors. */
export function parseIdx(bytes: Uint8Array, file: string, kind: IdxKind): IdxArray {
  const { dims, headerBytes } = checkIdx(bytes, bytes.length, file, kind);
  return { dims, data: bytes.subarray(headerBytes) };
}

/**
 * The sizes in an IDX header, checked against the file's `total` bytes: `head` holds the file's first bytes
 * (at least the header's, when the file has them). Every problem is a DataError naming `file`.
 */
function checkIdx(
  head: Uint8Array,
  total: number,
  file: string,
  kind: IdxKind,
): { dims: number[]; headerBytes: number } {
  const ndims = kind === "images" ? 3 : 1;
  if (total < 4) throw new DataError(`${file}: ${total} bytes is too short for an IDX header`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_MAGIC[kind]) {
    throw new DataError(
      `${file}: wrong magic number ${hex(magic)}, expected ${hex(IDX_MAGIC[kind])} ` +
        `(IDX unsigned-byte ${kind}, ${ndims} dims)`,
    );
  }
  const headerBytes = 4 + 4 * ndims;
  if (total < headerBytes) throw new DataError(`${file}: truncated header (${total} of ${headerBytes} bytes)`);
  const dims = Array.from({ length: ndims }, (_, d) => view.getUint32(4 + 4 * d, false));
  const expected = dims.reduce((p, d) => p * d, 1);
  const body = total - headerBytes;
  if (body < expected) {
    throw new DataError(`${file}: truncated body: ${body} bytes, expected ${expected} for sizes ${dims.join("×")}`);
  }
  if (body > expected) {
    throw new DataError(
      `${file}: ${body - expected} unexpected bytes after the ${expected} expected for sizes ${dims.join("×")}`,
    );
  }
  return { dims, headerBytes };
}

/** The most bytes a .gz IDX file may decompress to (the full MNIST's largest is 47 MB): a gzip bomb stops here. */
export const MAX_GUNZIPPED_BYTES = 2 ** 30;

/** Read (and gunzip, if named .gz or gzip-compressed, to at most `maxBytes`) one IDX file. */
export function readIdxFile(path: string, kind: IdxKind, maxBytes = MAX_GUNZIPPED_BYTES): IdxArray {
  let bytes: Uint8Array = readDataFile(path);
  const gzipped = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  if (path.endsWith(".gz") && !gzipped)
    throw new DataError(`${path}: named .gz but is not gzip-compressed (no 1f 8b header)`);
  if (gzipped) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (e) {
      if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new DataError(`${path}: decompresses to more than ${maxBytes.toLocaleString("en-US")} bytes`);
      }
      throw new DataError(`${path}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  return parseIdx(bytes, path, kind);
}

/** How much of an uncompressed images file IdxImageRows reads at a time (whole images). */
export const IDX_CHUNK_BYTES = 2 ** 20;

/**
 * The images of an uncompressed IDX file, read where they lie: taking rows of them (takeRows) reads the
 * file in chunks of whole images straight into the split, skipping chunks that hold none of the rows,
 * so the file is never held whole (the full MNIST's 47 MB training file, for the 8,000 digits of the
 * Quick start: a fresh 47 MB buffer cost more to touch than the reads). Checked at opening as parseIdx
 * checks a whole file; a file whose size has changed by the time its rows are read is a DataError.
 */
export class IdxImageRows implements ByteRows {
  private constructor(
    private readonly file: string,
    readonly dims: number[],
    private readonly headerBytes: number,
    /** the file's size when it was checked */
    private readonly bytes: number,
    private readonly chunkBytes: number,
  ) {}

  /**
   * The file's images, or null when it is gzip-compressed, or not a regular file (a pipe: opened only once,
   * by the whole-file read), or cannot be looked at (the whole-file read then names why).
   */
  static open(file: string, chunkBytes = IDX_CHUNK_BYTES): IdxImageRows | null {
    if (file.endsWith(".gz") || !isRegularFile(file)) return null;
    return withDataFile(file, (f) => {
      const head = new Uint8Array(16);
      const got = f.readAt(head, head.length, 0);
      const gzipped = got >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
      if (f.size === null || gzipped) return null;
      const { dims, headerBytes } = checkIdx(head.subarray(0, got), f.size, file, "images");
      return new IdxImageRows(file, dims, headerBytes, f.size, chunkBytes);
    });
  }

  /** How many chunks the last scaleRows read (one holding none of the images taken is skipped). */
  chunksRead = 0;

  scaleRows(indices: Int32Array, inputs: number, out: Float, table: Float): void {
    const n = this.dims[0]!;
    const row = new Int32Array(n).fill(-1); // row[i]: where image i goes in out, −1 for none
    for (let r = 0; r < indices.length; r++) {
      if (row[indices[r]!] !== -1) throw new RangeError(`IdxImageRows: image ${indices[r]} taken twice`);
      row[indices[r]!] = r;
    }
    const perChunk = Math.max(1, Math.floor(this.chunkBytes / inputs));
    const buffer = new Uint8Array(perChunk * inputs);
    this.chunksRead = 0;
    withDataFile(this.file, (f) => {
      if (f.size !== this.bytes)
        throw new DataError(`${this.file}: changed while it was read (${this.bytes} bytes, then ${f.size})`);
      for (let first = 0; first < n; first += perChunk) {
        const count = Math.min(perChunk, n - first);
        let wanted = false;
        for (let i = first; i < first + count && !wanted; i++) wanted = row[i]! >= 0;
        if (!wanted) continue;
        const length = count * inputs;
        if (f.readAt(buffer, length, this.headerBytes + first * inputs) < length)
          throw new DataError(`${this.file}: truncated body: the file became shorter while it was read`);
        this.chunksRead++;
        scaleChunk(buffer, row, first, count, inputs, out, table);
      }
    });
  }
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** out[row[first + i]·I …] ← table[b] for each byte b of the chunk's image i (not a closure: a hot loop). */
function scaleChunk(
  chunk: Uint8Array,
  row: Int32Array,
  first: number,
  count: number,
  inputs: number,
  out: Float,
  table: Float,
): void {
  for (let i = 0; i < count; i++) {
    const r = row[first + i]!;
    if (r < 0) continue;
    const to = r * inputs,
      from = i * inputs;
    for (let j = 0; j < inputs; j++) out[to + j] = table[chunk[from + j]!]!;
  }
}

/** Images and labels of one split as a pool: x [N×rows·cols] raw bytes (taken as /255), labels [N] in 0..9. */
export function readIdxPair(imagesPath: string, labelsPath: string): Pool {
  const inPlace = IdxImageRows.open(imagesPath);
  const whole = inPlace === null ? readIdxFile(imagesPath, "images") : null;
  const labels = readIdxFile(labelsPath, "labels");
  const [n = 0, rows = 0, cols = 0] = (inPlace ?? whole!).dims;
  if (labels.dims[0] !== n)
    throw new DataError(`${imagesPath} has ${n} images but ${labelsPath} has ${labels.dims[0]} labels`);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (label > 9) throw new DataError(`${labelsPath}: label ${i} is ${label}, expected 0..9`);
    y[i] = label;
  }
  return { n, inputs: rows * cols, x: inPlace ?? whole!.data, labels: y, targets: null, outputs: DIGIT_NAMES.length };
}

/** The four files of an IDX dataset: the training and the test images and labels. */
export interface IdxFiles {
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
}

/** `data.train` / `data.test` of the config's files, paths relative to cwd. */
export function loadIdx(config: IdxConfig, rng: Rng, cwd: string, precision: Precision = "float64"): RawDataset {
  const at = (p: string): string => resolveDataPath(cwd, p);
  const files = {
    trainImages: at(config.trainImages),
    trainLabels: at(config.trainLabels),
    testImages: at(config.testImages),
    testLabels: at(config.testLabels),
  };
  return idxDataset(`idx:${config.trainImages}`, files, { train: config.train, test: config.test }, rng, precision);
}

/**
 * `train` / `test` (null: all) samples of each file pair: a seeded subset stratified by digit
 * (the same largest-remainder rule as source: mnist), in seeded order.
 */
export function idxDataset(
  name: string,
  files: IdxFiles,
  counts: { train: number | null; test: number | null },
  rng: Rng,
  precision: Precision,
): RawDataset {
  const trainPool = readIdxPair(files.trainImages, files.trainLabels);
  const testPool = readIdxPair(files.testImages, files.testLabels);
  if (testPool.inputs !== trainPool.inputs) {
    throw new DataError(
      `${files.testImages} has ${testPool.inputs} pixels per image but ${files.trainImages} has ${trainPool.inputs}`,
    );
  }
  return {
    name,
    task: "classification",
    inputs: trainPool.inputs,
    outputs: 10,
    classNames: [...DIGIT_NAMES],
    featureNames: numberedNames("pixel", trainPool.inputs),
    targetName: "label",
    train: subset(trainPool, counts.train, "data.train", files.trainImages, rng, precision),
    test: subset(testPool, counts.test, "data.test", files.testImages, rng, precision),
  };
}

function subset(pool: Pool, limit: number | null, key: string, file: string, rng: Rng, precision: Precision): Split {
  if (limit !== null && limit > pool.n) throw new DataError(`${key} = ${limit}, but ${file} has only ${pool.n} images`);
  if (pool.n === 0) throw new DataError(`${file} has no images`);
  const { train } = stratifiedIndices(pool.labels!, pool.outputs, limit ?? pool.n, 0, rng);
  return takeRows(pool, train, precision);
}
