/**
 * Metrics rows that wait for an evaluation done elsewhere (TrainSetup.evaluateLater: another
 * thread), so that rows still reach onEvent in step order: a row goes out once its evaluation and
 * every earlier row's have come back; a row without an evaluation waits behind them. With nothing
 * waiting, a row goes out at once, as without deferred evaluations. No I/O here.
 */
import type { MetricsRow } from "./state.js";

export class PendingRows {
  private readonly queue: { row: MetricsRow; totalSteps: number; ready: boolean }[] = [];
  private readonly evaluations: Promise<void>[] = [];
  private failure: unknown = null;

  constructor(private readonly emit: (row: MetricsRow, totalSteps: number) => void) {}

  /** `row` now, or in its turn; `evaluation` fills in its numbers first (null: it has them). */
  add(row: MetricsRow, totalSteps: number, evaluation: Promise<void> | null): void {
    const item = { row, totalSteps, ready: evaluation === null };
    this.queue.push(item);
    if (evaluation !== null) {
      const settled = evaluation.then(
        () => {
          item.ready = true;
        },
        (err: unknown) => {
          this.failure ??= err;
          item.ready = true;
        },
      );
      this.evaluations.push(settled);
    }
    this.emitReady();
  }

  /** Sends every row at the head of the queue whose numbers are in; rethrows a failed evaluation. */
  emitReady(): void {
    if (this.failure !== null) throw this.failure;
    while (this.queue.length > 0 && this.queue[0]!.ready) {
      const { row, totalSteps } = this.queue.shift()!;
      this.emit(row, totalSteps);
    }
  }

  /** Waits for every evaluation asked for so far, then sends every row. */
  async flush(): Promise<void> {
    while (this.evaluations.length > 0) await this.evaluations.shift();
    this.emitReady();
  }
}
