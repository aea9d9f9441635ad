/**
 * WorkerTeam with the test team (team-test-worker.ts): part t of a job adds an amount to a shared
 * counter and counts itself where it ran, so after a job the counter has grown by the sum of the
 * amounts posted — every part ran exactly once, on a worker or taken back by the main thread. A
 * worker's exception comes back as an Error naming it (and the team keeps working), a failed setup
 * on every job, and a worker that never starts holds nothing up.
 */
import { afterAll, describe, expect, it } from "vitest";
import { WorkerTeam } from "../../../src/engine/threads/worker-team.js";
import { testFunctions, type TestTeam, type TestTeamData } from "./team-test-worker.js";

const teams: WorkerTeam<TestTeam>[] = [];
afterAll(async () => {
  for (const team of teams) await team.dispose();
});

function testTeam(helpers: number, options: Partial<TestTeamData> = {}, startTimeoutMs = 60_000) {
  const data: TestTeamData = {
    counter: new SharedArrayBuffer(4),
    runs: new SharedArrayBuffer(4 * (1 + helpers)),
    setupError: null,
    neverServes: null,
    ...options,
  };
  const team = new WorkerTeam<TestTeam>({
    name: "team-test-worker",
    script: "team-test-worker",
    base: import.meta.url,
    helpers,
    functions: ["add", "fail"],
    own: testFunctions(data, 0),
    data,
    idleSpinMs: 0,
    wait: { spinMs: 0, startTimeoutMs, partTimeoutMs: Infinity },
  });
  teams.push(team);
  const counter = (): number => Atomics.load(new Int32Array(data.counter), 0);
  const runs = (): number[] => Array.from(new Int32Array(data.runs));
  return { team, counter, runs };
}

describe("WorkerTeam", () => {
  it("runs every part exactly once per job, for 500 jobs in a row, taking back the unclaimed ones", () => {
    const { team, counter, runs } = testTeam(3);
    // part t of job s adds (t + 1)·s: 10s per job; sizes 1 … 500 sum to 125 250
    for (let s = 1; s <= 500; s++) {
      for (let t = 1; t < 4; t++) team.post(t, "add", (t + 1) * s);
      team.run(4, "add", s);
    }
    expect(counter()).toBe(10 * 125_250);
    expect(team.jobsStarted).toBe(500);
    const [main, ...workers] = runs();
    expect(main).toBe(500 + team.partsTakenBack);
    expect(main! + workers.reduce((a, n) => a + n, 0)).toBe(2000);
  });

  it("leaves every part to its worker when the main thread does not take back (500 jobs, each worker once a job)", () => {
    const { team, counter, runs } = testTeam(3);
    for (let s = 1; s <= 500; s++) {
      for (let t = 1; t < 4; t++) team.post(t, "add", t * s);
      team.start(4);
      team.join(false);
    }
    expect(counter()).toBe(6 * 125_250);
    expect(runs()).toEqual([0, 500, 500, 500]);
    expect(team.partsTakenBack).toBe(0);
  });

  it("splits over 1 + helpers threads once every worker runs", () => {
    const { team } = testTeam(2);
    expect(team.waitUntilReady(60_000)).toBe(true);
    expect(team.threads).toBe(3);
  });

  it("takes back the parts of a worker that never starts: no hang, each part once", () => {
    const { team, counter, runs } = testTeam(2, { neverServes: 1 });
    for (let s = 1; s <= 20; s++) {
      team.post(1, "add", s);
      team.post(2, "add", 2 * s);
      team.run(3, "add", 0);
    }
    expect(counter()).toBe(3 * 210);
    expect(team.partsTakenBack).toBeGreaterThanOrEqual(20); // part 2 every time, part 1 when worker 0 was late
    expect(runs()[2]).toBe(0);
    expect(team.waitUntilReady(0)).toBe(false);
    expect(team.threads).toBe(1);
  });

  it("takes back every part of a worker that has stopped (terminated): each part once, on the main thread", async () => {
    const { team, counter, runs } = testTeam(1);
    expect(team.waitUntilReady(60_000)).toBe(true);
    await (team as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]!.terminate();
    for (let s = 1; s <= 20; s++) {
      team.post(1, "add", 2 * s);
      team.run(2, "add", s);
    }
    expect(counter()).toBe(3 * 210);
    expect(team.partsTakenBack).toBe(20);
    expect(runs()).toEqual([40, 0]);
  });

  it("gives up on a worker that has not started within the start-up time, when a part is left to it", () => {
    const { team, counter } = testTeam(1, { neverServes: 0 }, 0);
    team.post(1, "add", 5);
    team.start(2);
    expect(() => team.join(false)).toThrow("team-test-worker: worker 0 did not start within 0 s");
    expect(counter()).toBe(0);
    expect(() => team.start(2)).toThrow(/disposed/);
  });

  it("turns a worker's exception into an Error naming the worker, then keeps working", () => {
    const { team, counter } = testTeam(2);
    team.post(1, "add", 2);
    team.post(2, "fail", 3);
    team.start(3);
    expect(() => team.join(false)).toThrow("team-test-worker 1 failed: DataError: part 3 refused");
    expect(counter()).toBe(2); // worker 0's part ran all the same
    team.post(1, "add", 5);
    team.post(2, "add", 7);
    team.start(3);
    team.join(false);
    expect(counter()).toBe(14);
  });

  it("joins the workers' parts even when the main thread's part throws, and rethrows that", () => {
    const { team, counter } = testTeam(1);
    team.post(1, "add", 4);
    expect(() => team.run(2, "fail", 9)).toThrow("part 9 refused");
    expect(counter()).toBe(4);
    team.post(1, "add", 1);
    team.run(2, "add", 1);
    expect(counter()).toBe(6);
  });

  it("reports a failed setup on every job", () => {
    const { team } = testTeam(2, { setupError: "no engine here" });
    team.start(3);
    expect(() => team.join(false)).toThrow(/team-test-worker [01] failed: Error: no engine here/);
    expect(() => team.run(3, "add", 1)).toThrow(/no engine here/);
    expect(() => team.waitUntilReady(60_000)).toThrow(/no engine here/);
  });

  it("refuses a part or a job the team has no thread for", () => {
    const { team } = testTeam(1);
    expect(() => team.post(2, "add", 1)).toThrow(RangeError);
    expect(() => team.post(0, "add", 1)).toThrow(RangeError);
    expect(() => team.start(3)).toThrow("team-test-worker: 3 parts for a team of 1 + 1 threads");
  });

  it("refuses a job after dispose(), which resolves once the workers have exited", async () => {
    const { team, counter } = testTeam(1);
    team.post(1, "add", 4);
    team.run(2, "add", 0);
    expect(counter()).toBe(4);
    await team.dispose();
    expect(team.threads).toBe(1);
    expect(() => team.run(2, "add", 1)).toThrow(/disposed/);
  });

  it("types a call by its function's arguments (checked by tsc, never run)", () => {
    const typed = (team: WorkerTeam<TestTeam>): void => {
      team.post(1, "add", 3);
      // @ts-expect-error add takes one number
      team.post(1, "add", 3, 4);
      // @ts-expect-error no function "sub"
      team.post(1, "sub", 3);
      // @ts-expect-error a number, not a string
      team.run(2, "fail", "3");
    };
    expect(typed).toBeTypeOf("function");
  });
});
