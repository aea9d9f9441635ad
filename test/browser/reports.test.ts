/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Every kind of report, opened in headless Chromium at 400 px (a phone) and 1280 px: training runs (2-D
 * classification, 1-D regression, MNIST), several runs overlaid, a sweep and a compare-gradients run. On each:
 * no console errors, no network request, every chart and image of non-zero size, no text outside its chart or
 * card, chart text ≥ 9 px, no font fallback for γ, ∇, superscripts and arrows, and the numbers in the page's
 * data attributes equal to the logged ones (metrics.jsonl, summary.json, sweep.json, results.json).
 * Screenshots go to test-artifacts/browser/ (git-ignored). Without a Chromium the suite is skipped, and says
 * so — except under CI, where a missing browser fails it (.ci/run installs Debian's chromium).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { capturedIo } from "../cli/captured-io.js";
import { jsonlRows, pairs } from "../report/run-report-svg.js";
import { type Browser, findChromium, launchChromium, openReport } from "./chromium.js";
import { fontFallbacks, layoutOf } from "./page-checks.js";

const repo = path.resolve(__dirname, "../..");
const artifacts = path.join(repo, "test-artifacts", "browser");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-browser-"));
const chromiumPath = findChromium();
const WIDTHS = [400, 1280];

async function sgd(args: string[]): Promise<void> {
  const io = capturedIo({ cwd: repo });
  const code = await run([...args, "--quiet"], io);
  if (code !== 0) throw new Error(`sgd ${args.join(" ")} exited ${code}: ${io.err()}`);
}

const moons = path.join(tmp, "moons"),
  moonsFast = path.join(tmp, "moons-fast"),
  sine = path.join(tmp, "sine"),
  mnist = path.join(tmp, "mnist"),
  sweep = path.join(tmp, "sweep"),
  cmp = path.join(tmp, "cmp"),
  overlay = path.join(tmp, "overlay.html");

/** the runs behind the reports; each is a few seconds at most */
async function makeRuns(): Promise<void> {
  await sgd(["train", "--config", "configs/moons-backprop.yaml", "--out", moons]);
  await sgd([
    "train",
    "--config",
    "configs/moons-backprop.yaml",
    "--set",
    "optimizer.learningRate=1",
    "--out",
    moonsFast,
  ]);
  await sgd([
    "train",
    "--config",
    "configs/synthetic-regression-mse.yaml",
    "--set",
    "optimizer.epochs=10",
    "--out",
    sine,
  ]);
  const small = ["--set", "data.train=1000", "--set", "data.test=300", "--set", "optimizer.epochs=1"];
  await sgd(["train", "--config", "configs/mnist-minibatch.yaml", ...small, "--out", mnist]);
  await sgd(["report", moons, moonsFast, "--out", overlay]);
  const grid = ["--grid", "optimizer.batchSize=1,10,full", "--grid", "optimizer.learningRate=0.03,0.3,3"];
  await sgd([
    "sweep",
    "--config",
    "configs/moons-backprop.yaml",
    ...grid,
    "--set",
    "optimizer.epochs=4",
    "--out",
    sweep,
  ]);
  await sgd(["compare-gradients", "--quick", "--out", cmp]);
}

type Series = Record<string, [number, number][]>;

/** every series of the charts whose title starts with `title`, as the page's data-points hold them */
async function seriesIn(page: Page, title: string): Promise<Series[]> {
  return page.evaluate((prefix) => {
    const parse = (s: string | null) =>
      (s ?? "")
        .split(" ")
        .filter((p) => p !== "")
        .map((p) => p.split(",").map(Number) as [number, number]);
    return [...document.querySelectorAll("svg.chart")]
      .filter((svg) => (svg.getAttribute("aria-label") ?? "").startsWith(prefix))
      .map((svg) => {
        const out: Record<string, [number, number][]> = {};
        for (const g of svg.querySelectorAll("g[data-series]")) {
          out[g.getAttribute("data-series")!] = [...g.querySelectorAll("[data-points]")].flatMap((e) =>
            parse(e.getAttribute("data-points")),
          );
        }
        return out;
      });
  }, title);
}

const summaryOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8"));

interface Kind {
  name: string;
  file: () => string;
  /** the data checks of this kind */
  check(page: Page): Promise<void>;
}

async function lossCurvesMatch(page: Page, dir: string): Promise<void> {
  const [loss] = await seriesIn(page, "Loss against step");
  const rows = jsonlRows(dir);
  expect(loss!["training loss (mean over the log interval)"]).toEqual(pairs(rows, "step", "train_loss"));
  expect(loss!["test loss"]).toEqual(pairs(rows, "step", "test_loss"));
}

async function confusionMatches(page: Page, dir: string): Promise<number> {
  const c = await page.evaluate(() => {
    const svg = document.querySelector('svg[data-kind="confusion"]')!;
    const cells = [...svg.querySelectorAll("rect[data-count]")].map((r) => Number(r.getAttribute("data-count")));
    return {
      correct: Number(svg.getAttribute("data-correct")),
      samples: Number(svg.getAttribute("data-samples")),
      cells,
    };
  });
  expect(c.cells.reduce((a, b) => a + b, 0)).toBe(c.samples);
  expect(c.correct / c.samples).toBe(summaryOf(dir).final.test_accuracy);
  return c.samples - c.correct;
}

const KINDS: Kind[] = [
  {
    name: "train-moons",
    file: () => path.join(moons, "report.html"),
    async check(page) {
      await lossCurvesMatch(page, moons);
      await confusionMatches(page, moons);
      const [regions] = await seriesIn(page, "Decision regions");
      const test = Object.entries(regions!).filter(([name]) => name.endsWith("· test"));
      expect(test.reduce((a, [, points]) => a + points.length, 0)).toBe(50); // 25% of 200 samples
      expect(await page.locator(".tile[data-unit]").count()).toBe(8); // hidden: [8]
      expect(await page.locator('svg[data-kind="histogram"]').count()).toBe(4); // 2 layers × weights, gradient
    },
  },
  {
    name: "train-regression",
    file: () => path.join(sine, "report.html"),
    async check(page) {
      await lossCurvesMatch(page, sine);
      const [curve] = await seriesIn(page, "The fitted curve");
      expect(curve!["test data"]).toHaveLength(200); // 20% of 1000 samples
      expect(curve!["network ŷ(x)"]).toHaveLength(200);
    },
  },
  {
    name: "train-mnist",
    file: () => path.join(mnist, "report.html"),
    async check(page) {
      await lossCurvesMatch(page, mnist);
      const wrong = await confusionMatches(page, mnist);
      expect(Number(await page.locator('[data-kind="mistakes"]').getAttribute("data-wrong"))).toBe(wrong);
      expect(await page.locator('[data-kind="mistakes"] img').count()).toBe(Math.min(40, wrong));
      expect(await page.locator('[data-kind="weights"] img').count()).toBe(64);
    },
  },
  {
    name: "overlay",
    file: () => overlay,
    async check(page) {
      const [chart] = await seriesIn(page, "Training loss against samples seen");
      expect(Object.keys(chart!)).toEqual(["learningRate=0.3", "learningRate=1"]);
      expect(chart!["learningRate=0.3"]).toEqual(pairs(jsonlRows(moons), "samples", "train_loss"));
      expect(chart!["learningRate=1"]).toEqual(pairs(jsonlRows(moonsFast), "samples", "train_loss"));
    },
  },
  {
    name: "sweep",
    file: () => path.join(sweep, "report.html"),
    async check(page) {
      const doc = JSON.parse(fs.readFileSync(path.join(sweep, "sweep.json"), "utf8"));
      const cells = await page.evaluate(() =>
        [...document.querySelectorAll("td.heat")].map((td) => [
          td.getAttribute("data-point"),
          td.getAttribute("data-value"),
        ]),
      );
      expect(cells).toHaveLength(9);
      for (const [point, value] of cells) {
        const p = doc.points.find((q: { index: number }) => q.index === Number(point));
        if (value !== null) expect(Number(value)).toBe(p.final.test_accuracy);
      }
      const multiples = await seriesIn(page, "batchSize=");
      expect(multiples).toHaveLength(9);
      multiples.forEach((m, i) => {
        expect(m["training loss"]).toEqual(
          pairs(jsonlRows(path.join(sweep, doc.points[i].dir)), "samples", "train_loss"),
        );
      });
    },
  },
  {
    name: "compare-gradients",
    file: () => path.join(cmp, "report.html"),
    async check(page) {
      const results = JSON.parse(fs.readFileSync(path.join(cmp, "results.json"), "utf8"));
      const charts = await seriesIn(page, "Time per gradient (H=");
      const title = await page
        .locator('svg.chart[aria-label^="Time per gradient (H="]')
        .first()
        .getAttribute("aria-label");
      const width = Number(/H=(\d+)/.exec(title!)![1]);
      const expected = results.cases
        .filter((c: { width: number; sweeps: string[] }) => c.width === width && c.sweeps.includes("depth"))
        .sort((a: { depth: number }, b: { depth: number }) => a.depth - b.depth)
        .map((c: { depth: number; methods: { method: string; timing: { min: number } }[] }) => [
          c.depth,
          c.methods.find((m) => m.method === "backprop")!.timing.min,
        ]);
      expect(charts[0]!.backprop).toEqual(expected);
    },
  },
];

if (chromiumPath === null) {
  console.warn(
    "browser suite SKIPPED: no Chromium at /usr/bin/chromium (apt-get install chromium, or set SGD_CHROMIUM=<binary>)",
  );
}

if (chromiumPath === null) {
  describe("reports in a real browser", () => {
    it.skipIf(process.env.CI === undefined)("needs a Chromium under CI (.ci/run installs Debian's chromium)", () => {
      expect.fail("no Chromium found: apt-get install chromium, or set SGD_CHROMIUM");
    });
    it.skip("SKIPPED: no Chromium found (apt-get install chromium, or set SGD_CHROMIUM=<binary>)", () => {});
  });
}

describe.runIf(chromiumPath !== null)(`reports in a real browser (${chromiumPath})`, () => {
  let browser: Browser;
  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    await makeRuns();
    browser = await launchChromium(chromiumPath!);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the checks catch what they look for, on a page built to break each rule", async () => {
    const bad = path.join(tmp, "bad.html");
    fs.writeFileSync(
      bad,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family:'DejaVu Sans'">
<section style="width:200px;overflow-x:auto"><h2>wide</h2><div style="width:600px">x</div></section>
<svg class="chart" aria-label="tiny" width="400" height="100" viewBox="0 0 400 100" style="width:100px">
<text x="390" y="50" style="font-size:12px">leaves the chart</text></svg>
<p>𝒜</p><img src="http://127.0.0.1:9/x.png" alt="remote"/>
<script>console.error("boom")</script></body></html>`,
    );
    const { page, errors, requests } = await openReport(browser, bad, 1280);
    try {
      expect(errors).toContain("boom");
      expect(requests).toEqual(["http://127.0.0.1:9/x.png"]);
      const problems = (await layoutOf(page)).problems.join("\n");
      expect(problems).toContain('"wide" overflows its card');
      expect(problems).toContain('"leaves the chart" leaves chart "tiny"');
      expect(problems).toMatch(/"leaves the chart" in "tiny" renders at 3\.0 px/);
      expect(problems).toContain('image "remote" did not decode');
      expect((await fontFallbacks(page)).fallbacks.join()).toContain("DejaVu Math TeX Gyre"); // no 𝒜 in DejaVu Sans
    } finally {
      await page.close();
    }
  });

  for (const kind of KINDS) {
    for (const width of WIDTHS) {
      it(`${kind.name} at ${width} px`, async () => {
        const { page, errors, requests } = await openReport(browser, kind.file(), width);
        try {
          await page.screenshot({ path: path.join(artifacts, `${kind.name}-${width}.png`), fullPage: true });
          await page.screenshot({ path: path.join(artifacts, `${kind.name}-${width}-top.png`) }); // the first screen
          const regions = page.locator("section", { has: page.locator('svg[data-kind="decision-regions"]') });
          if ((await regions.count()) > 0)
            await regions.screenshot({ path: path.join(artifacts, `${kind.name}-${width}-regions.png`) });
          expect(errors).toEqual([]);
          expect(requests).toEqual([]);
          const layout = await layoutOf(page);
          expect(layout.problems).toEqual([]);
          expect(layout.charts).toBeGreaterThan(0);
          const fonts = await fontFallbacks(page);
          expect(fonts.checked).toBeGreaterThan(0);
          expect(fonts.fallbacks).toEqual([]);
          await kind.check(page);
        } finally {
          await page.close();
        }
      });
    }
  }
});
