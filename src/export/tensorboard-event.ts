/**
 * TensorBoard's Event protocol buffer (tensorboard/compat/proto/event.proto, summary.proto), the
 * part scalar logging needs, encoded and decoded:
 *   Event   { double wall_time = 1; int64 step = 2; oneof { string file_version = 3; Summary summary = 5 } }
 *   Summary { repeated Value value = 1 }     Value { string tag = 1; float simple_value = 2 }
 * An event file starts with an Event carrying file_version "brain.Event:2"; each later Event holds
 * one step's scalars. Records are framed by tfrecord.ts.
 */
import { fieldDouble, fieldFloat, fieldString, ProtoWriter, readFields } from "./protobuf.js";

export const EVENT_FILE_VERSION = "brain.Event:2";

export interface Scalar {
  tag: string;
  value: number;
}

export type TensorBoardEvent =
  | { wallTime: number; step: number; fileVersion: string }
  | { wallTime: number; step: number; scalars: Scalar[] };

export function encodeEvent(event: TensorBoardEvent): Uint8Array {
  const e = new ProtoWriter().double(1, event.wallTime);
  if (event.step !== 0) e.int(2, event.step); // proto3 leaves a zero out
  if ("fileVersion" in event) return e.string(3, event.fileVersion).finish();
  const summary = new ProtoWriter();
  for (const s of event.scalars) summary.message(1, new ProtoWriter().string(1, s.tag).float(2, s.value));
  return e.message(5, summary).finish();
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
