/**
 * The first error of a group of worker threads, kept in shared memory so it reaches the main
 * thread without a message (the main thread may be blocked in Atomics.wait): one SharedArrayBuffer
 * holds [claim, text length, worker + 1] as Int32 and then the UTF-8 text. A worker claims the slot
 * (compare-and-swap), writes the text and its length, and publishes its number last, so a reader
 * that sees the number sees the whole text. Later errors are dropped until the slot is cleared.
 */
const CLAIM = 0,
  LENGTH = 1,
  WORKER = 2,
  HEADER_BYTES = 16;

export class SharedWorkerError {
  private readonly header: Int32Array;
  private readonly text: Uint8Array;

  /** A fresh slot with room for `textBytes` of message. */
  static allocate(textBytes = 2048): SharedArrayBuffer {
    return new SharedArrayBuffer(HEADER_BYTES + textBytes);
  }

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 3);
    this.text = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Worker side: record `error` as worker `index`'s, unless an error is recorded already. */
  report(index: number, error: unknown): void {
    if (Atomics.compareExchange(this.header, CLAIM, 0, 1) !== 0) return;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const { written } = new TextEncoder().encodeInto(message, this.text);
    Atomics.store(this.header, LENGTH, written);
    Atomics.store(this.header, WORKER, index + 1);
  }

  /** Main side: the recorded error as { worker, message }, or null; `clear` frees the slot for the next one. */
  take(clear: boolean): { worker: number; message: string } | null {
    const worker = Atomics.load(this.header, WORKER);
    if (worker === 0) return null;
    const message = new TextDecoder().decode(this.text.slice(0, Atomics.load(this.header, LENGTH)));
    if (clear) {
      Atomics.store(this.header, WORKER, 0);
      Atomics.store(this.header, CLAIM, 0);
    }
    return { worker: worker - 1, message };
  }
}
