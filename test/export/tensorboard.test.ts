/**
 * TensorBoard event files: CRC-32C on the RFC 3720 test vectors; a two-row file held to golden
 * bytes encoded independently (protobuf by hand and the python3-crc32c package, see the comment
 * at GOLDEN); every record read back through the reader; a resumed log keeps the records up to
 * its checkpoint's step, drops a torn tail, and appends; and the scalars of a row are its numeric
 * columns, whatever they are called.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent, EVENT_FILE_VERSION } from "../../src/export/tensorboard-event.js";
import { ProtoWriter } from "../../src/export/protobuf.js";
import { crc32c, frameRecord, maskedCrc32c, readRecords } from "../../src/export/tfrecord.js";
import { eventFiles, rowScalars, TensorBoardLog } from "../../src/report/tensorboard-log.js";
import type { MetricsRow } from "../../src/train/state.js";
import { metricsRow } from "../train/metrics-row.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-tensorboard-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ascii = (s: string) => new TextEncoder().encode(s);

const row = (step: number, fields: Partial<MetricsRow>): MetricsRow =>
  metricsRow(step, { epoch: step / 20, samples: step * 32, elapsed_s: step / 5, gradient_s: step / 10, ...fields });

/**
 * The file of the rows below with wall_time 1700000000.5, written by /usr/bin/python3 with
 *   record(d) = u64le(len d) · u32le(mask(crc32c(len))) · d · u32le(mask(crc32c(d)))  (crc32c package)
 *   event = 09 <f64 wall_time> [10 <varint step>] (1a <len> "brain.Event:2" | 2a <len> Summary)
 *   Summary.value = 0a <len> (0a <len> tag · 15 <f32 simple_value>)
 * (the script encodes each field itself; it shares no code with src/).
 */
const GOLDEN =
  "1800000000000000a37f4b220900002040fc54d9411a0d627261696e2e4576656e743a322b353110" +
  "4c00000000000000f5d4a2a00900002040fc54d941100a2a3f0a140a0d6c6561726e696e675f7261746515cdcc4c3d" +
  "0a110a0a747261696e5f6c6f737315d7a3303f0a140a0d73616d706c65735f7065725f73150000204324780c43" +
  "74000000000000005f6773d20900002040fc54d94110142a670a140a0d6c6561726e696e675f7261746515cdcc4c3d" +
  "0a110a0a747261696e5f6c6f7373150000003f0a100a09746573745f6c6f7373156666e63e" +
  "0a140a0d746573745f6163637572616379150000603f0a140a0d73616d706c65735f7065725f7315000020432041fb2b";

const GOLDEN_ROWS = [
  row(10, { train_loss: 0.69 }),
  row(20, { train_loss: 0.5, test_loss: 0.45, test_accuracy: 0.875 }),
];

describe("CRC-32C and TFRecord framing", () => {
  it("gives the RFC 3720 check values", () => {
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it("masks as TensorFlow does: the 8-byte length 24 (every event file's first record) → a3 7f 4b 22", () => {
    const length = new Uint8Array(8);
    length[0] = 24;
    expect(maskedCrc32c(length)).toBe(0x224b7fa3);
  });

  it("reads back what it frames, and stops at a flipped bit or a torn record", () => {
    const a = frameRecord(ascii("first")),
      b = frameRecord(ascii("second record"));
    const both = new Uint8Array([...a, ...b]);
    const read = readRecords(both);
    expect(read.problem).toBeNull();
    expect(read.records.map((r) => new TextDecoder().decode(r))).toEqual(["first", "second record"]);
    expect(read.ends).toEqual([a.length, a.length + b.length]);
    const flipped = both.slice();
    flipped[a.length + 14] = flipped[a.length + 14]! ^ 1;
    expect(readRecords(flipped)).toMatchObject({ problem: `bad data CRC at byte ${a.length}`, ends: [a.length] });
    expect(readRecords(both.subarray(0, both.length - 3)).problem).toBe(`truncated record at byte ${a.length}`);
  });
});

describe("the event file", () => {
  it("is byte for byte the golden file, and every record reads back", () => {
    const dir = path.join(tmp, "golden");
    const log = new TensorBoardLog(dir, null, { now: () => 1700000000.5, host: "host" });
    for (const r of GOLDEN_ROWS) log.append(r);
    log.close();
    expect(path.basename(log.file)).toBe("events.out.tfevents.1700000000.host");
    expect(eventFiles(dir)).toEqual([log.file]);
    const bytes = new Uint8Array(fs.readFileSync(log.file));
    expect(Buffer.from(bytes).toString("hex")).toBe(GOLDEN);

    const { records, problem } = readRecords(bytes);
    expect(problem).toBeNull();
    const f32 = (v: number) => Math.fround(v);
    expect(records.map(decodeEvent)).toEqual([
      { wallTime: 1700000000.5, step: 0, fileVersion: EVENT_FILE_VERSION },
      {
        wallTime: 1700000000.5,
        step: 10,
        scalars: [
          { tag: "learning_rate", value: f32(0.05) },
          { tag: "train_loss", value: f32(0.69) },
          { tag: "samples_per_s", value: 160 },
        ],
      },
      {
        wallTime: 1700000000.5,
        step: 20,
        scalars: [
          { tag: "learning_rate", value: f32(0.05) },
          { tag: "train_loss", value: 0.5 },
          { tag: "test_loss", value: f32(0.45) },
          { tag: "test_accuracy", value: 0.875 },
          { tag: "samples_per_s", value: 160 },
        ],
      },
    ]);
  });

  it("a resumed log keeps the events up to the checkpoint's step, drops a torn tail and appends", () => {
    const dir = path.join(tmp, "resume");
    const first = new TensorBoardLog(dir, null, { now: () => 1, host: "h" });
    for (let s = 1; s <= 5; s++) first.append(row(s, { train_loss: s }));
    first.close();
    fs.appendFileSync(first.file, frameRecord(encodeEvent({ wallTime: 1, step: 6, scalars: [] })).subarray(0, 9));

    const resumed = new TensorBoardLog(dir, 3, { now: () => 2, host: "other" });
    expect(resumed.file).toBe(first.file);
    resumed.append(row(4, { train_loss: 40 }));
    resumed.close();
    const { records, problem } = readRecords(new Uint8Array(fs.readFileSync(first.file)));
    expect(problem).toBeNull();
    const events = records.map(decodeEvent);
    expect(events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4]);
    expect(events.map((e) => ("scalars" in e ? e.scalars.find((s) => s.tag === "train_loss")?.value : null))).toEqual([
      null,
      1,
      2,
      3,
      40,
    ]);
    expect(events.map((e) => e.wallTime)).toEqual([1, 1, 1, 1, 2]);
  });
});

describe("rowScalars", () => {
  it("takes every numeric column but the axes and clocks, under its own name, and adds samples_per_s", () => {
    const withNoise = { ...row(40, { train_loss: 0.3 }), gradient_noise_scale: 12.5, val_loss: null } as MetricsRow;
    expect(rowScalars(withNoise)).toEqual([
      { tag: "learning_rate", value: 0.05 },
      { tag: "train_loss", value: 0.3 },
      { tag: "gradient_noise_scale", value: 12.5 },
      { tag: "samples_per_s", value: (40 * 32) / 8 },
    ]);
    expect(rowScalars(row(0, { elapsed_s: 0 })).map((s) => s.tag)).toEqual(["learning_rate"]);
  });
});

describe("encodeEvent", () => {
  /** the Event as protobuf writes it, field by field (ProtoWriter: the encoders test holds it to the wire format) */
  const byFields = (wallTime: number, step: number, scalars: { tag: string; value: number }[]) => {
    const e = new ProtoWriter().double(1, wallTime);
    if (step !== 0) e.int(2, step);
    const summary = new ProtoWriter();
    for (const s of scalars) summary.message(1, new ProtoWriter().string(1, s.tag).float(2, s.value));
    return e.message(5, summary).finish();
  };

  it("writes a row's scalars as protobuf does, for any step, tags of any length and any values", () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const tags = ["train_loss", "é", "x".repeat(130), "test_accuracy", "y".repeat(200_000)];
    for (let k = 0; k < 200; k++) {
      const step = k % 5 === 0 ? 0 : Math.floor(next() * 2 ** (k % 50));
      const scalars = tags
        .slice(0, k % 6)
        .map((tag, j) => ({ tag, value: j === 2 ? Number.NaN : (next() - 0.5) * 1e6 }));
      const wallTime = 1.7e9 + next();
      expect(encodeEvent({ wallTime, step, scalars }), `event ${k}`).toEqual(byFields(wallTime, step, scalars));
    }
    // a step that is not a safe integer ≥ 0 is ProtoWriter's to refuse or write (int64 two's complement)
    for (const step of [1.5, Number.POSITIVE_INFINITY, Number.NaN])
      expect(() => encodeEvent({ wallTime: 1, step, scalars: [] }), String(step)).toThrow(RangeError);
    expect(encodeEvent({ wallTime: 1, step: -3, scalars: [] })).toEqual(byFields(1, -3, []));
    const decoded = decodeEvent(encodeEvent({ wallTime: 5, step: 300, scalars: [{ tag: "é", value: 0.25 }] }));
    expect(decoded).toEqual({ wallTime: 5, step: 300, scalars: [{ tag: "é", value: 0.25 }] });
  });
});
