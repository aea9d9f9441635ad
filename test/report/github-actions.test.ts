/** Workflow-command escaping, annotation limits, and the step summary's 1 MiB cut. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  cutMarkdown,
  escapeData,
  escapeProperty,
  GitHubActions,
  githubEnabled,
  SUMMARY_LIMIT_BYTES,
  workflowCommand,
} from "../../src/report/github-actions.js";
import { capturedIo } from "../cli/captured-io.js";

/** The runner's decoding (actions/runner ActionCommand.Unescape), to hold the escaping reversible. */
function runnerUnescape(text: string): string {
  return text
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");
}

describe("workflow commands", () => {
  it("escapes % CR LF in messages and also : , in properties", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("C:\\x,y 5%\n")).toBe("C%3A\\x%2Cy 5%25%0A");
    const line = workflowCommand("error", "loss 50%\nthen: NaN, twice", {
      file: "configs/a,b:c.yaml",
      line: 12,
      col: 3,
      title: "sgd: config error",
    });
    expect(line).toBe(
      "::error file=configs/a%2Cb%3Ac.yaml,line=12,col=3,title=sgd%3A config error::loss 50%25%0Athen: NaN, twice",
    );
    const [, props, message] = /^::error ([^:]*)::(.*)$/.exec(line)!;
    expect(runnerUnescape(message!)).toBe("loss 50%\nthen: NaN, twice");
    expect(props!.split(",").map((p) => runnerUnescape(p.split("=")[1]!))).toEqual([
      "configs/a,b:c.yaml",
      "12",
      "3",
      "sgd: config error",
    ]);
  });

  it("leaves out properties that are not given and the space before none", () => {
    expect(workflowCommand("warning", "x", { file: "f", line: undefined })).toBe("::warning file=f::x");
    expect(workflowCommand("notice", "x")).toBe("::notice::x");
  });

  it("is on with GITHUB_ACTIONS=true unless a flag says otherwise", () => {
    expect(githubEnabled({ GITHUB_ACTIONS: "true" }, undefined)).toBe(true);
    expect(githubEnabled({ GITHUB_ACTIONS: "true" }, false)).toBe(false);
    expect(githubEnabled({}, true)).toBe(true);
    expect(githubEnabled({ GITHUB_ACTIONS: "false" }, undefined)).toBe(false);
  });

  it("stops after 10 error annotations (the runner shows no more per step); warnings go on", () => {
    const io = capturedIo();
    const gh = new GitHubActions(io, true);
    for (let i = 0; i < 12; i++) gh.annotate("error", `e${i}`);
    gh.annotate("warning", "w");
    const lines = io.err().trim().split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe("::error::e9");
    expect(lines[10]).toBe("::warning::w");
  });
});

describe("step summary and outputs", () => {
  it("keeps whole lines below the limit and says where it was cut", () => {
    const line = `| ${"é".repeat(50)} |`; // 104 bytes + newline in UTF-8
    const big = Array.from({ length: 20_000 }, () => line).join("\n");
    expect(Buffer.byteLength(big)).toBeGreaterThan(SUMMARY_LIMIT_BYTES);
    const cut = cutMarkdown(big, SUMMARY_LIMIT_BYTES);
    expect(Buffer.byteLength(cut)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(cut).toMatch(/cut here: the step summary is limited to 1 MiB\)\n$/);
    const kept = cut.split("\n").filter((l) => l === line).length;
    // as many whole lines as fit with the note: (1 MiB − note) / 105 bytes
    const note = Buffer.byteLength("\n\n… (cut here: the step summary is limited to 1 MiB)\n");
    expect(kept).toBe(Math.floor((SUMMARY_LIMIT_BYTES - note) / (Buffer.byteLength(line) + 1)));
    expect(cutMarkdown("short", 100)).toBe("short\n");
    expect(cutMarkdown("x".repeat(200), 10)).toBe("");
  });

  it("appends to $GITHUB_STEP_SUMMARY counting what is there, and writes key=value outputs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-gh-"));
    const summary = path.join(dir, "summary.md"),
      output = path.join(dir, "output");
    fs.writeFileSync(summary, "x".repeat(SUMMARY_LIMIT_BYTES - 50));
    const io = capturedIo({ env: { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output } });
    const gh = new GitHubActions(io, true);
    gh.summary("# a title that fits\n");
    gh.summary("## this one does not fit in the 30 bytes left\n");
    expect(fs.statSync(summary).size).toBe(SUMMARY_LIMIT_BYTES - 50 + "# a title that fits\n".length);
    gh.outputs({ test_loss: 0.25, status: "completed", note: "two\nlines", none: null });
    gh.outputs({ steps: 300 });
    expect(fs.readFileSync(output, "utf8")).toBe(
      "test_loss=0.25\nstatus=completed\nnote=two lines\nnone=\nsteps=300\n",
    );
    new GitHubActions(io, false).outputs({ ignored: 1 });
    expect(fs.readFileSync(output, "utf8")).not.toContain("ignored");
    fs.rmSync(dir, { recursive: true });
  });
});
