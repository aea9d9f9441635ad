import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { DataConfig } from "../../src/config/train-schema.js";
import { IdxImageRows, readIdxFile } from "../../src/data/idx.js";
import { loadDataset } from "../../src/data/load-dataset.js";
import { DataError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";

/** An IDX file written by hand: magic 0 0 8 ndims, big-endian uint32 sizes, then the bytes. */
function idxBytes(ndims: number, dims: number[], body: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(ndims, 3);
  dims.forEach((d, k) => header.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([header, Buffer.from(body)]);
}

// 20 images of 2×3 pixels; image i has pixel p = (7·i + 13·p) mod 256, label i mod 10
const N = 20,
  ROWS = 2,
  COLS = 3;
const pixels = Array.from({ length: N * ROWS * COLS }, (_, k) => (7 * Math.floor(k / 6) + 13 * (k % 6)) % 256);
const digits = Array.from({ length: N }, (_, i) => i % 10);
const images = idxBytes(3, [N, ROWS, COLS], pixels);
const labels = idxBytes(1, [N], digits);

const dir = mkdtempSync(join(tmpdir(), "sgd-idx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function write(name: string, bytes: Buffer): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}
type IdxConfig = Extract<DataConfig, { source: "idx" }>;
function config(over: Partial<IdxConfig>): IdxConfig {
  return {
    source: "idx",
    trainImages: write("img", images),
    trainLabels: write("lab", labels),
    testImages: "img",
    testLabels: "lab",
    train: null,
    test: null,
    normalize: "none",
    validation: null,
    ...over,
  };
}
const load = (c: IdxConfig) => loadDataset(c, Rng.fromSeed(1), { cwd: dir });

describe("source: idx", () => {
  it.each([
    ["raw", ""],
    ["gzip", ".gz"],
  ])("round-trips %s files: pixels /255, labels, 6 inputs", (_kind, ext) => {
    const c = config({
      trainImages: write(`train-img${ext}`, ext ? gzipSync(images) : images),
      trainLabels: write(`train-lab${ext}`, ext ? gzipSync(labels) : labels),
    });
    const d = load(c);
    expect([d.inputs, d.outputs, d.train.n, d.test.n, d.task]).toEqual([6, 10, 20, 20, "classification"]);
    expect(new Set(d.train.sourceIndex).size).toBe(20);
    for (let r = 0; r < 20; r++) {
      const i = d.train.sourceIndex![r]!;
      expect(d.train.labels![r]).toBe(i % 10);
      for (let p = 0; p < 6; p++) expect(d.train.x[r * 6 + p]).toBe(((7 * i + 13 * p) % 256) / 255);
    }
  });

  it("train/test limits take a seeded subset stratified by digit", () => {
    const d = load(config({ train: 10, test: 5 }));
    // 2 of each digit in the file: 10 of 20 → 1 per digit; 5 of 20 → .5 each → digits 0..4 (ties to the lower)
    expect([...d.train.labels!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...d.test.labels!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    const again = load(config({ train: 10, test: 5 }));
    expect([...again.train.sourceIndex!]).toEqual([...d.train.sourceIndex!]);
  });

  const corrupt: [string, () => Partial<IdxConfig>, RegExp][] = [
    [
      "wrong magic (a labels file as images)",
      () => ({ trainImages: write("magic", labels) }),
      /magic:? wrong magic number 0x00000801, expected 0x00000803/,
    ],
    [
      "truncated body",
      () => ({ trainImages: write("short", images.subarray(0, images.length - 1)) }),
      /short: truncated body: 119 bytes, expected 120/,
    ],
    ["truncated header", () => ({ trainLabels: write("hdr", labels.subarray(0, 6)) }), /hdr: truncated header/],
    [
      "extra bytes",
      () => ({ trainLabels: write("long", Buffer.concat([labels, Buffer.from([1])])) }),
      /long: 1 unexpected bytes/,
    ],
    [
      "count mismatch",
      () => ({ trainLabels: write("few", idxBytes(1, [19], digits.slice(0, 19))) }),
      /img has 20 images but .*few has 19 labels/,
    ],
    [
      "label > 9",
      () => ({
        trainLabels: write(
          "ten",
          idxBytes(
            1,
            [N],
            digits.map((d, i) => (i === 3 ? 10 : d)),
          ),
        ),
      }),
      /ten: label 3 is 10, expected 0\.\.9/,
    ],
    ["named .gz but raw", () => ({ trainImages: write("raw.gz", images) }), /raw\.gz: named \.gz but is not gzip/],
    [
      "corrupt gzip",
      () => ({ trainImages: write("cut.gz", gzipSync(images).subarray(0, 30)) }),
      /cut\.gz: corrupt gzip/,
    ],
    ["missing file", () => ({ testLabels: "nowhere-labels.gz" }), /nowhere-labels\.gz: file not found/],
    [
      "other image size in test",
      () => ({ testImages: write("wide", idxBytes(3, [N, 2, 2], pixels.slice(0, N * 4))) }),
      /wide has 4 pixels per image but .*img has 6/,
    ],
    ["train limit above the file", () => ({ train: 21 }), /data\.train = 21, but .*img has only 20 images/],
  ];
  it.each(corrupt)("%s is an exit-2 DataError naming the file", (_name, over, message) => {
    const c = config(over());
    let error: unknown;
    try {
      load(c);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).exitCode).toBe(2);
    expect((error as DataError).message).toMatch(message);
    expect((error as DataError).message).toContain(dir);
  });
});

describe("a gzip bomb", () => {
  it("stops at the decompression limit with an exit-2 DataError", () => {
    const file = join(dir, write("bomb.gz", gzipSync(Buffer.alloc(1_000_000)))); // 1 MB of zeros, ~1 KB gzipped
    let error: unknown;
    try {
      readIdxFile(file, "images", 100_000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`${file}: decompresses to more than 100,000 bytes`);
  });
});

describe("images read where they lie (IdxImageRows)", () => {
  const table = Float64Array.from({ length: 256 }, (_, b) => b / 255);
  /** image i's 6 pixels /255, as the whole-file path gives them */
  const expected = (order: number[]) =>
    order.flatMap((i) => Array.from({ length: 6 }, (_, p) => pixels[i * 6 + p]! / 255));

  it.each([
    ["one chunk", 1 << 20],
    ["2 images a chunk", 13],
    ["1 image a chunk (a chunk smaller than an image)", 1],
  ])("takes rows in any order, %s", (_name, chunkBytes) => {
    const rows = IdxImageRows.open(join(dir, write("rows-img", images)), chunkBytes)!;
    expect(rows.dims).toEqual([N, ROWS, COLS]);
    const order = [17, 3, 4, 0, 19, 10];
    const out = new Float64Array(order.length * 6);
    rows.scaleRows(Int32Array.from(order), 6, out, table);
    expect([...out]).toEqual(expected(order));
  });

  it("reads only the chunks that hold a taken image", () => {
    const rows = IdxImageRows.open(join(dir, write("cut-img", images)), 12)!; // 2 images a chunk: 10 chunks
    const out = new Float64Array(18);
    rows.scaleRows(Int32Array.from([5, 4, 17]), 6, out, table); // chunks 2 and 8
    expect([...out]).toEqual(expected([5, 4, 17]));
    expect(rows.chunksRead).toBe(2);
    rows.scaleRows(Int32Array.from([0, 19]), 6, new Float64Array(12), table);
    expect(rows.chunksRead).toBe(2);
  });

  it("reads a named pipe whole, opening it once", async () => {
    const fifo = join(dir, "pipe-img");
    execFileSync("mkfifo", [fifo]);
    expect(IdxImageRows.open(fifo)).toBeNull(); // looked at, not opened: no writer is needed yet
    const writer = spawn("sh", ["-c", `cat "${join(dir, write("pipe-src", images))}" > "${fifo}"`]);
    const d = load(config({ trainImages: "pipe-img", testImages: write("pipe-test", images), train: 10 }));
    await new Promise((resolve) => writer.on("exit", resolve));
    expect(d.train.n).toBe(10);
    const i = d.train.sourceIndex![0]!;
    expect(d.train.x[0]).toBe(pixels[i * 6]! / 255);
  });

  it("is not used for a gzipped file, which is read whole", () => {
    expect(IdxImageRows.open(join(dir, write("rows-img.gz", gzipSync(images))))).toBeNull();
  });

  it.each([
    ["shorter", images.subarray(0, 16 + 10 * 6), 76],
    ["longer", Buffer.concat([images, Buffer.from([7])]), 137],
  ])("a file that became %s after it was opened is an exit-2 DataError naming it", (_name, bytes, size) => {
    const file = join(dir, write("changes", images));
    const rows = IdxImageRows.open(file, 12)!;
    writeFileSync(file, bytes);
    let error: unknown;
    try {
      rows.scaleRows(Int32Array.from([1, 15]), 6, new Float64Array(12), table);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`${file}: changed while it was read (136 bytes, then ${size})`);
  });

  it("the same split through the dataset loader as from the whole file", () => {
    const raw = load(config({ train: 10, test: 5 }));
    const gz = load(
      config({
        trainImages: write("same-img.gz", gzipSync(images)),
        testImages: "same-img.gz",
        train: 10,
        test: 5,
      }),
    );
    expect([...raw.train.x]).toEqual([...gz.train.x]);
    expect([...raw.test.sourceIndex!]).toEqual([...gz.test.sourceIndex!]);
  });
});
