/**
 * Test support: a worker of the test team (worker-team.test.ts). Its functions: add(amount) adds
 * amount to a shared counter and counts the part in runs[1 + index]; fail(code) throws a DataError.
 * With `setupError` set its setup throws; the worker numbered `neverServes` never serves (it blocks).
 */
import { workerData } from "node:worker_threads";
import { DataError } from "../../../src/core/errors.js";
import { serveTeam } from "../../../src/engine/threads/serve-team.js";
import type { TeamWorkerData } from "../../../src/engine/threads/team-memory.js";

export interface TestTeam {
  add(amount: number): void;
  fail(code: number): void;
}

export interface TestTeamData {
  /** Int32 [1]: the sum of every part's amount */
  counter: SharedArrayBuffer;
  /** Int32 [1 + helpers]: parts run by the main thread, then by each worker */
  runs: SharedArrayBuffer;
  setupError: string | null;
  neverServes: number | null;
}

/** The functions of the thread that counts its parts in runs[slot] (0: the main thread, 1 + k: worker k). */
export function testFunctions(data: TestTeamData, slot: number): TestTeam {
  const counter = new Int32Array(data.counter),
    runs = new Int32Array(data.runs);
  return {
    add(amount) {
      Atomics.add(counter, 0, amount);
      Atomics.add(runs, slot, 1);
    },
    fail(code) {
      throw new DataError(`part ${code} refused`);
    },
  };
}

const { team, index, data } = (workerData ?? {}) as TeamWorkerData<TestTeamData>;
if (team !== undefined) {
  if (data.neverServes === index) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  serveTeam<TestTeam>(team, index, () => {
    if (data.setupError !== null) throw new Error(data.setupError);
    return testFunctions(data, 1 + index);
  });
}
