/**
 * A real browser for the report tests: the system's Chromium (Debian's `chromium` package; SGD_CHROMIUM names
 * another binary) driven by playwright-core, which never downloads a browser. Launched headless with a fresh
 * user-data directory and with background networking, component updates and sync off: on a closed network
 * Chromium's own connections would otherwise be refused. `pageCheck` opens a report and collects what the
 * tests assert: console errors, uncaught exceptions and every request that is not the file itself or a data: URI.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The browser binary to use, or null when this machine has none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.SGD_CHROMIUM;
  if (named !== undefined && named !== "") return fs.existsSync(named) ? named : null;
  return CANDIDATES.find((c) => fs.existsSync(c)) ?? null;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sgd-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS.filter((f) => f !== "--headless"), // headless: true passes it
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenedPage {
  page: Page;
  /** console messages of type error, and uncaught exceptions */
  errors: string[];
  /** URLs requested besides the report itself and data: URIs */
  requests: string[];
}

/** `file` opened at `width` px (900 px tall), after its load event. */
export async function openReport(browser: Browser, file: string, width: number): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  const requests: string[] = [];
  const url = `file://${file}`;
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (r.url() !== url && !r.url().startsWith("data:")) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, requests };
}
