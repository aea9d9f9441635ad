/**
 * run(argv, io) → exit code, through the real program with captured output: exit codes
 * (0 ok, 1 bug, 2 usage/config/data, 3 diverged/check failed, 130 interrupted), one `error:` line
 * per problem on stderr, the stack only with --verbose or DEBUG, colour only on an interactive
 * stderr, and under --json one JSON document on stdout even when a command fails.
 */
import { describe, expect, it } from "vitest";
import type { Command } from "commander";
import { run } from "../../src/cli/main.js";
import { createProgram, VERSION } from "../../src/cli/program.js";
import type { CliContext } from "../../src/cli/command-options.js";
import { withCommonOptions } from "../../src/cli/command-options.js";
import { createReporter } from "../../src/report/reporter.js";
import { jsonSchemaOf, SCHEMA_NAMES } from "../../src/config/json-schema.js";
import {
  ConfigError,
  DataError,
  DivergedError,
  GradientCheckError,
  InterruptedError,
  UsageError,
} from "../../src/core/errors.js";
import { capturedIo } from "./captured-io.js";

/** The real program plus a test-only command `fail KIND` that throws the named error. */
function withFailingCommand(ctx: CliContext): Command {
  const program = createProgram(ctx);
  const errors: Record<string, () => Error> = {
    bug: () => new TypeError("boom"),
    usage: () => new UsageError("bad flag"),
    config: () => new ConfigError('a.yaml:1: x: expected a number, found null\na.yaml:2: unknown key "y"'),
    data: () => new DataError("train.csv:3: not a number"),
    diverged: () => new DivergedError("loss is NaN at step 7"),
    check: () => new GradientCheckError("finite differences disagree"),
    interrupted: () => new InterruptedError("interrupted"),
  };
  withCommonOptions(program.command("fail").argument("<kind>")).action(
    (kind: string, flags: { json?: boolean; quiet?: boolean }) => {
      if (kind === "after-result") {
        createReporter(ctx.io, flags).result({ status: "diverged" }, "diverged");
        throw new DivergedError("loss is NaN");
      }
      throw errors[kind]!();
    },
  );
  program.command("ok").action(() => {
    ctx.io.stdout("fine\n");
    ctx.exitCode = 0;
  });
  return program;
}

describe("run: exit codes", () => {
  it.each([
    ["bug", 1],
    ["usage", 2],
    ["config", 2],
    ["data", 2],
    ["diverged", 3],
    ["check", 3],
    ["interrupted", 130],
  ])("an error of kind %s exits %i", async (kind, code) => {
    expect(await run(["fail", kind], capturedIo(), withFailingCommand)).toBe(code);
  });

  it("exits 0 and prints the version", async () => {
    const io = capturedIo();
    expect(await run(["--version"], io)).toBe(0);
    expect(io.out()).toBe(`${VERSION}\n`);
  });

  it("exits 0 for help, which goes to stdout and shows an example", async () => {
    const io = capturedIo();
    expect(await run(["--help"], io)).toBe(0);
    expect(io.out()).toContain("Usage: sgd");
    expect(io.out()).toContain("Example:");
    const sub = capturedIo();
    expect(await run(["schema", "--help"], sub)).toBe(0);
    expect(sub.out()).toContain("sgd schema train > configs/schema.json");
  });

  it("exits 2 with the help on stderr when no command is given", async () => {
    const io = capturedIo();
    expect(await run([], io)).toBe(2);
    expect(io.err()).toContain("Usage: sgd");
    expect(io.out()).toBe("");
  });

  it("exits 2 on an unknown command or flag, in one line with a suggestion", async () => {
    const io = capturedIo();
    expect(await run(["schem"], io)).toBe(2);
    expect(io.err()).toBe("error: unknown command 'schem' (did you mean schema?)\n");
    const flag = capturedIo();
    expect(await run(["schema", "--bogus"], flag)).toBe(2);
    expect(flag.err()).toBe("error: unknown option '--bogus'\n");
  });
});

describe("run: messages", () => {
  it("prints each line of a multi-line error as its own error: line", async () => {
    const io = capturedIo();
    await run(["fail", "config"], io, withFailingCommand);
    expect(io.err()).toBe('error: a.yaml:1: x: expected a number, found null\nerror: a.yaml:2: unknown key "y"\n');
  });

  it("reports a bug in one line, with the stack only under --verbose or DEBUG", async () => {
    const io = capturedIo();
    expect(await run(["fail", "bug"], io, withFailingCommand)).toBe(1);
    expect(io.err()).toBe("internal error: boom (this is a bug; rerun with --verbose for the stack)\n");
    const verbose = capturedIo();
    await run(["fail", "bug", "--verbose"], verbose, withFailingCommand);
    expect(verbose.err()).toMatch(/^internal error: boom .*\nTypeError: boom\n\s+at /);
    const debug = capturedIo({ env: { DEBUG: "1" } });
    await run(["fail", "bug"], debug, withFailingCommand);
    expect(debug.err()).toContain("TypeError: boom\n");
  });

  it("colours error: only when stderr is a TTY and neither CI nor NO_COLOR is set", async () => {
    const red = "\u001b[31m";
    const cases: [boolean, Record<string, string>, boolean][] = [
      [true, {}, true],
      [true, { NO_COLOR: "1" }, false],
      [true, { CI: "true" }, false],
      [false, {}, false],
    ];
    for (const [isTTY, env, coloured] of cases) {
      const io = capturedIo({ isTTY, env });
      await run(["fail", "usage"], io, withFailingCommand);
      expect(io.err().includes(red), JSON.stringify({ isTTY, env })).toBe(coloured);
    }
  });
});

describe("run: --json", () => {
  it("leaves one JSON document on stdout when the command fails before its summary", async () => {
    const io = capturedIo();
    expect(await run(["fail", "data", "--json"], io, withFailingCommand)).toBe(2);
    expect(JSON.parse(io.out())).toEqual({ status: "error", exitCode: 2, error: "train.csv:3: not a number" });
    expect(io.err()).toBe("error: train.csv:3: not a number\n");
  });

  it("adds nothing when the command already wrote its summary", async () => {
    const io = capturedIo();
    expect(await run(["fail", "after-result", "--json"], io, withFailingCommand)).toBe(3);
    expect(JSON.parse(io.out())).toEqual({ status: "diverged" });
  });

  it("does not look at flags after --", async () => {
    const io = capturedIo();
    await run(["fail", "data", "--", "--json"], io, withFailingCommand);
    expect(io.out()).toBe("");
  });
});

describe("sgd schema", () => {
  it("prints the generated JSON Schema of the train config", async () => {
    const io = capturedIo();
    expect(await run(["schema"], io)).toBe(0);
    const schema = JSON.parse(io.out()) as {
      additionalProperties: boolean;
      properties: {
        optimizer: { properties: { learningRate: { exclusiveMinimum: number }; type: { default: string } } };
      };
    };
    expect(schema).toEqual(jsonSchemaOf("train"));
    // docs/config.md: strict objects; learning rate > 0, its default chosen by optimizer.type (sgd)
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.optimizer.properties.learningRate).toMatchObject({ exclusiveMinimum: 0 });
    expect(schema.properties.optimizer.properties.type).toMatchObject({ default: "sgd" });
  });

  it("prints the Markdown key reference with --markdown", async () => {
    const io = capturedIo();
    expect(await run(["schema", "train", "--markdown"], io)).toBe(0);
    expect(io.out().split("\n")[0]).toBe("| key | type | default | meaning |");
    expect(io.out()).toContain("| `optimizer.learningRate` | number > 0 | — | γ0, the step size (unset: sgd 0.05,");
  });

  it("rejects an unknown schema name with exit 2", async () => {
    const io = capturedIo();
    expect(await run(["schema", "nope"], io)).toBe(2);
    expect(io.err()).toBe(`error: unknown schema "nope": expected one of ${SCHEMA_NAMES.join(", ")}\n`);
  });

  it("builds a fresh program per call", async () => {
    const a = capturedIo();
    const b = capturedIo();
    await run(["schema"], a);
    await run(["schema"], b);
    expect(a.out()).toBe(b.out());
  });
});
