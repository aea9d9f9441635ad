/** The reporter's output rules: who prints what, where, under --json and --quiet. */
import { describe, expect, it } from "vitest";
import { createReporter, toJsonDocument } from "../../src/report/reporter.js";
import { capturedIo } from "./captured-io.js";

function exercise(options: { json?: boolean; quiet?: boolean }, tty = false): { out: string; err: string } {
  const io = capturedIo({ isTTY: tty });
  const r = createReporter(io, options);
  r.info("step 10 loss 0.5");
  r.warn("slow");
  r.result({ loss: 0.25 }, "loss 0.25");
  return { out: io.out(), err: io.err() };
}

describe("createReporter", () => {
  it("default: info and warnings on stderr, the human result on stdout", () => {
    expect(exercise({})).toEqual({ out: "loss 0.25\n", err: "step 10 loss 0.5\nwarning: slow\n" });
  });

  it("--json: stdout carries exactly the JSON document; human text stays on stderr", () => {
    expect(exercise({ json: true })).toEqual({
      out: '{\n  "loss": 0.25\n}\n',
      err: "step 10 loss 0.5\nwarning: slow\n",
    });
  });

  it("--quiet: nothing", () => {
    expect(exercise({ quiet: true })).toEqual({ out: "", err: "" });
  });

  it("--json --quiet: only the JSON document", () => {
    expect(exercise({ json: true, quiet: true })).toEqual({ out: '{\n  "loss": 0.25\n}\n', err: "" });
  });

  it("refuses a second result (one document only)", () => {
    const r = createReporter(capturedIo(), { json: true });
    r.result({ a: 1 });
    expect(() => r.result({ a: 2 })).toThrow("called twice");
  });

  it("colours warnings and allows live progress only on an interactive stderr", () => {
    expect(exercise({}, true).err).toContain("\u001b[33mwarning:\u001b[39m");
    expect(createReporter(capturedIo({ isTTY: true }), {}).live).toBe(true);
    expect(createReporter(capturedIo({ isTTY: true }), { quiet: true }).live).toBe(false);
    expect(createReporter(capturedIo({ isTTY: true, env: { CI: "1" } }), {}).live).toBe(false);
  });
});

describe("toJsonDocument", () => {
  it("writes typed arrays as arrays and non-finite numbers as null", () => {
    expect(
      JSON.parse(toJsonDocument({ w: new Float64Array([0.5, -1]), i: new Int32Array([3]), bad: NaN, inf: Infinity })),
    ).toEqual({
      w: [0.5, -1],
      i: [3],
      bad: null,
      inf: null,
    });
  });
});
