/**
 * Protocol Buffers wire format (protobuf.dev/programming-guides/encoding), the part ONNX and
 * TensorBoard's Event need. A field is a key varint (number << 3 | wire type) then its value:
 *   0 varint (int32, int64, enum; LEB128, 7 bits a byte, low group first; negatives as 10 bytes)
 *   1 64-bit little-endian (double)     2 length-delimited (string, bytes, message, packed)
 *   5 32-bit little-endian (float)
 * A message is its fields concatenated; a nested message is a length-delimited field.
 * The reader splits a message back into fields, for round-trip tests and the event reader.
 */

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

const utf8 = new TextEncoder();

/** Builds one message; each method appends one field. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private key(field: number, wire: number): void {
    this.push(varint(field * 8 + wire));
  }

  /** int32, int64 or enum (non-negative integers up to 2^53; negatives as 10-byte two's complement). */
  int(field: number, value: number): this {
    this.key(field, WIRE.varint);
    this.push(varint(value));
    return this;
  }

  double(field: number, value: number): this {
    this.key(field, WIRE.fixed64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.push(b);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE.bytes);
    this.push(varint(value.length));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A packed repeated int64: one length-delimited field of varints. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.push(varint(v));
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * LEB128 of an integer in [−2^63, 2^53]; negatives take ten bytes (two's complement, as int64).
 * Non-negative ones in plain arithmetic (exact below 2^53): every TensorBoard row writes some, and V8's
 * optimizing of the BigInt path runs on the core a short run or a sweep's lane needs (a traced 600-row
 * run: 378 ms of background optimizing before, 246 ms after, one trace each).
 */
export function varint(value: number): Uint8Array {
  if (!Number.isInteger(value)) throw new RangeError(`varint: ${value} is not an integer`);
  if (value < 0) return negativeVarint(value);
  const out = new Uint8Array(varintSize(value));
  putVarint(out, 0, value);
  return out;
}

/** Bytes of the varint of an integer v ≥ 0 (below 2^53). */
export function varintSize(v: number): number {
  let size = 1;
  for (; v >= 0x80; size++) v = Math.floor(v / 0x80);
  return size;
}

/** The varint of an integer v ≥ 0 (below 2^53) written at out[at…]; returns the index after it. */
export function putVarint(out: Uint8Array, at: number, v: number): number {
  for (; v >= 0x80; v = Math.floor(v / 0x80)) out[at++] = (v % 0x80) | 0x80;
  out[at++] = v;
  return at;
}

function negativeVarint(value: number): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? low : low | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

export interface ProtoField {
  field: number;
  wire: number;
  /** the varint (as a bigint, int64 read as unsigned), for wire type 0 */
  int?: bigint;
  /** the raw bytes: 8 for wire type 1, 4 for 5, the payload for 2 */
  bytes?: Uint8Array;
}

/** The fields of one message, in order; throws RangeError on a truncated or malformed message. */
export function readFields(data: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const next = (): bigint => {
    let v = 0n,
      shift = 0n;
    for (;;) {
      if (at >= data.length) throw new RangeError("protobuf: truncated varint");
      const b = data[at++]!;
      v |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v;
      shift += 7n;
      if (shift > 63n) throw new RangeError("protobuf: varint longer than 10 bytes");
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > data.length) throw new RangeError("protobuf: truncated field");
    const b = data.subarray(at, at + n);
    at += n;
    return b;
  };
  while (at < data.length) {
    const key = Number(next());
    const field = Math.floor(key / 8),
      wire = key % 8;
    if (wire === WIRE.varint) fields.push({ field, wire, int: next() });
    else if (wire === WIRE.fixed64) fields.push({ field, wire, bytes: take(8) });
    else if (wire === WIRE.bytes) fields.push({ field, wire, bytes: take(Number(next())) });
    else if (wire === WIRE.fixed32) fields.push({ field, wire, bytes: take(4) });
    else throw new RangeError(`protobuf: unsupported wire type ${wire} (field ${field})`);
  }
  return fields;
}

/** A fixed64 field's double, a fixed32 field's float, a bytes field's UTF-8 text. */
export const fieldDouble = (f: ProtoField): number =>
  new DataView(bytesOf(f).buffer, bytesOf(f).byteOffset).getFloat64(0, true);
export const fieldFloat = (f: ProtoField): number =>
  new DataView(bytesOf(f).buffer, bytesOf(f).byteOffset).getFloat32(0, true);
export const fieldString = (f: ProtoField): string => new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(f));

function bytesOf(f: ProtoField): Uint8Array {
  if (f.bytes === undefined) throw new RangeError(`protobuf: field ${f.field} has no bytes (wire type ${f.wire})`);
  return f.bytes;
}
