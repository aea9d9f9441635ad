/**
 * TFRecord framing (tensorflow/core/lib/io/record_writer.cc), the container of TensorBoard event
 * files. Each record is
 *   uint64 length (little-endian) · uint32 masked_crc(length's 8 bytes) · data · uint32 masked_crc(data)
 * with CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final xor 0xFFFFFFFF) and
 *   masked_crc(x) = ((c >>> 15) | (c << 17)) + 0xA282EAD8   (mod 2^32),  c = crc32c(x).
 * A record whose CRC does not match makes TensorBoard drop the rest of the file, silently.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** One record around `data`. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export interface ReadRecords {
  /** each record's data, in file order */
  records: Uint8Array[];
  /** byte offset just past each record (where a file holding only records 0…k ends) */
  ends: number[];
  /** null when every byte belongs to a whole, valid record; else what stopped the reader and where */
  problem: string | null;
}

/** The records of a file, stopping at the first truncated record or bad CRC (as TensorBoard does). */
export function readRecords(bytes: Uint8Array): ReadRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [],
    ends: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return { records, ends, problem: `truncated record header at byte ${at}` };
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8)))
      return { records, ends, problem: `bad length CRC at byte ${at}` };
    const length = Number(view.getBigUint64(at, true));
    const end = at + 12 + length + 4;
    if (end > bytes.length) return { records, ends, problem: `truncated record at byte ${at}` };
    const data = bytes.subarray(at + 12, at + 12 + length);
    if (view.getUint32(at + 12 + length, true) !== maskedCrc32c(data))
      return { records, ends, problem: `bad data CRC at byte ${at}` };
    records.push(data);
    ends.push(end);
    at = end;
  }
  return { records, ends, problem: null };
}
