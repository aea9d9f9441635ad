/**
 * TensorBoard's Event protocol buffer (tensorboard/compat/proto/event.proto, summary.proto), the
 * part scalar logging needs, encoded and decoded:
 *   Event   { double wall_time = 1; int64 step = 2; oneof { string file_version = 3; Summary summary = 5 } }
 *   Summary { repeated Value value = 1 }     Value { string tag = 1; float simple_value = 2 }
 * An event file starts with an Event carrying file_version "brain.Event:2"; each later Event holds
 * one step's scalars. Records are framed by tfrecord.ts.
 */
import { fieldDouble, fieldFloat, fieldString, ProtoWriter, putVarint, readFields, varintSize } from "./protobuf.js";

export const EVENT_FILE_VERSION = "brain.Event:2";

export interface Scalar {
  tag: string;
  value: number;
}

export type TensorBoardEvent =
  | { wallTime: number; step: number; fileVersion: string }
  | { wallTime: number; step: number; scalars: Scalar[] };

export function encodeEvent(event: TensorBoardEvent): Uint8Array {
  if (!("fileVersion" in event) && Number.isSafeInteger(event.step) && event.step >= 0)
    return encodeScalars(event.wallTime, event.step, event.scalars);
  const e = new ProtoWriter().double(1, event.wallTime);
  if (event.step !== 0) e.int(2, event.step); // proto3 leaves a zero out
  if ("fileVersion" in event) return e.string(3, event.fileVersion).finish();
  const summary = new ProtoWriter();
  for (const s of event.scalars) summary.message(1, new ProtoWriter().string(1, s.tag).float(2, s.value));
  return e.message(5, summary).finish();
}

/** Each tag's Summary.Value field 1 (0a <len> tag), encoded once: every row writes the same few. */
const TAG_FIELDS = new Map<string, Uint8Array>();

function tagField(tag: string): Uint8Array {
  let field = TAG_FIELDS.get(tag);
  if (field === undefined) {
    field = new ProtoWriter().string(1, tag).finish();
    TAG_FIELDS.set(tag, field);
  }
  return field;
}

/**
 * A row's Event written straight into one buffer: the bytes ProtoWriter gives (the golden file's test),
 * without its dozens of small arrays a row — the row log's hot path. Only for a step that is a safe
 * integer ≥ 0; any other goes through ProtoWriter, which checks it.
 */
function encodeScalars(wallTime: number, step: number, scalars: readonly Scalar[]): Uint8Array {
  const tags = scalars.map((s) => tagField(s.tag));
  let summary = 0;
  for (const tag of tags) summary += 1 + varintSize(tag.length + 5) + tag.length + 5;
  const total = 9 + (step !== 0 ? 1 + varintSize(step) : 0) + 1 + varintSize(summary) + summary;
  const out = new Uint8Array(total),
    view = new DataView(out.buffer);
  out[0] = 0x09; // field 1, fixed64
  view.setFloat64(1, wallTime, true);
  let at = 9;
  if (step !== 0) {
    out[at++] = 0x10; // field 2, varint; proto3 leaves a zero out
    at = putVarint(out, at, step);
  }
  out[at++] = 0x2a; // field 5, length-delimited
  at = putVarint(out, at, summary);
  for (let k = 0; k < tags.length; k++) {
    const tag = tags[k]!;
    out[at++] = 0x0a; // Summary.value
    at = putVarint(out, at, tag.length + 5);
    out.set(tag, at);
    at += tag.length;
    out[at++] = 0x15; // Value.simple_value, fixed32
    view.setFloat32(at, scalars[k]!.value, true);
    at += 4;
  }
  return out;
}

/** Reads an Event back (fields other than these are skipped); throws RangeError on malformed bytes. */
export function decodeEvent(data: Uint8Array): TensorBoardEvent {
  let wallTime = 0,
    step = 0,
    fileVersion: string | null = null;
  const scalars: Scalar[] = [];
  for (const f of readFields(data)) {
    if (f.field === 1) wallTime = fieldDouble(f);
    else if (f.field === 2) step = Number(BigInt.asIntN(64, f.int ?? 0n));
    else if (f.field === 3) fileVersion = fieldString(f);
    else if (f.field === 5) {
      for (const v of readFields(f.bytes!)) {
        if (v.field !== 1) continue;
        let tag = "",
          value = Number.NaN;
        for (const g of readFields(v.bytes!)) {
          if (g.field === 1) tag = fieldString(g);
          else if (g.field === 2) value = fieldFloat(g);
        }
        scalars.push({ tag, value });
      }
    }
  }
  return fileVersion !== null ? { wallTime, step, fileVersion } : { wallTime, step, scalars };
}
