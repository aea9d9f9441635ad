/** The colour rule, decided once in src/report/terminal.ts. */
import { describe, expect, it } from "vitest";
import { isCI, isInteractive } from "../../src/report/terminal.js";
import { capturedIo } from "./captured-io.js";

describe("isInteractive", () => {
  it.each<[boolean, Record<string, string>, boolean]>([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true], // no-color.org: an empty NO_COLOR does not count
    [true, { CI: "true" }, false],
    [true, { CI: "1" }, false],
    [true, { CI: "false" }, true],
    [true, { CI: "0" }, true],
  ])("tty=%s env=%j → %s", (isTTY, env, expected) => {
    expect(isInteractive(capturedIo({ isTTY, env }))).toBe(expected);
  });

  it("isCI follows the same reading of CI", () => {
    expect(isCI(capturedIo({ env: { CI: "true" } }))).toBe(true);
    expect(isCI(capturedIo({ env: {} }))).toBe(false);
  });
});
