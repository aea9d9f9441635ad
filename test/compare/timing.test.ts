import { describe, expect, it } from "vitest";
import { plannedSeconds, summarize, timeCalls } from "../../src/compare/timing.js";
import { FakeClock } from "./fake-backend.js";

describe("timeCalls (fake clock)", () => {
  it("warms up, then takes one sample per repeat from the clock", () => {
    const clock = new FakeClock();
    const durations = [9, 9, 3, 1, 2, 5, 4]; // warm-up ×2, then 5 timed calls
    let calls = 0;
    const t = timeCalls(() => void (clock.t += durations[calls++]!), clock, {
      warmup: 2,
      warmupSeconds: 0,
      repeats: 5,
      minSampleSeconds: 0,
    });
    expect(calls).toBe(7);
    expect(t.samples).toEqual([3, 1, 2, 5, 4]);
    expect([t.median, t.min, t.max, t.callsPerSample]).toEqual([3, 1, 5, 1]);
  });

  it("keeps warming up until warmupSeconds have passed", () => {
    const clock = new FakeClock();
    let calls = 0;
    timeCalls(() => void (calls++, (clock.t += 0.25)), clock, {
      warmup: 1,
      warmupSeconds: 1,
      repeats: 1,
      minSampleSeconds: 0,
    });
    // warm-up: the 1 required call, then more until 1 s has passed (0.5, 0.75, 1.0); then 1 timed call
    expect(calls).toBe(5);
  });

  it("folds calls shorter than minSampleSeconds into one sample: k = ⌈min / t₁⌉", () => {
    const clock = new FakeClock();
    let calls = 0;
    const t = timeCalls(() => void (calls++, (clock.t += 0.25e-3)), clock, {
      warmup: 0,
      warmupSeconds: 0,
      repeats: 3,
      minSampleSeconds: 1e-3,
    });
    expect(t.callsPerSample).toBe(4);
    expect(calls).toBe(1 + 3 * 4);
    for (const s of t.samples) expect(s).toBeCloseTo(0.25e-3, 15);
  });

  it("median of an even count is the mean of the middle two", () => {
    expect(summarize([4, 1, 3, 2], 1).median).toBe(2.5);
  });

  it("plans the seconds a run will take", () => {
    // warm-up max(2·0.5, 0.1) = 1 s, then 5 calls of 0.5 s
    expect(plannedSeconds({ warmup: 2, warmupSeconds: 0.1, repeats: 5, minSampleSeconds: 0 }, 0.5)).toBe(3.5);
  });
});
