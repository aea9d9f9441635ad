/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * What the browser suite checks on every report page, measured by the browser itself:
 *   layout   the page never scrolls sideways; no card (section) overflows (tables scroll inside .scroll);
 *            every chart and image has a non-zero size and every image decoded; every SVG text lies inside
 *            its chart's viewBox; chart text renders at ≥ MIN_FONT_PX (font-size × displayed / viewBox width)
 * (The page functions run in the browser: this file is typed against the DOM library.)
 *   fonts    every element whose text has non-ASCII characters (γ, ∇, ², →, …) is drawn in fonts its own
 *            font-family names (Chromium's platform fonts for the node, over the DevTools protocol)
 */
import type { Page } from "playwright-core";

export const MIN_FONT_PX = 9;

export interface Layout {
  charts: number;
  images: number;
  problems: string[];
}

export async function layoutOf(page: Page): Promise<Layout> {
  return page.evaluate((minFont) => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) problems.push(`page is ${doc.scrollWidth} px wide`);
    const visible = (e: Element) => (e as HTMLElement).offsetParent !== null || e.getClientRects().length > 0;
    document.querySelectorAll("section").forEach((s, i) => {
      if (s.scrollWidth > s.clientWidth + 1) {
        const h2 = s.querySelector("h2")?.textContent ?? `section ${i}`;
        problems.push(`"${h2}" overflows its card: ${s.scrollWidth} > ${s.clientWidth} px`);
      }
    });
    const charts = [...document.querySelectorAll("svg.chart")].filter(visible) as SVGSVGElement[];
    for (const svg of charts) {
      const name = svg.getAttribute("aria-label");
      const box = svg.getBoundingClientRect();
      if (box.width <= 0 || box.height <= 0) problems.push(`chart "${name}" has size ${box.width}×${box.height}`);
      const scale = box.width / svg.viewBox.baseVal.width;
      for (const t of svg.querySelectorAll("text")) {
        const b = t.getBoundingClientRect(); // after its transform (the rotated y label)
        const inside =
          b.left >= box.left - 1 && b.top >= box.top - 1 && b.right <= box.right + 1 && b.bottom <= box.bottom + 1;
        if (!inside && b.width > 0) problems.push(`"${t.textContent}" leaves chart "${name}"`);
        const size = Number.parseFloat(getComputedStyle(t).fontSize) * scale;
        if (size < minFont - 0.01) problems.push(`"${t.textContent}" in "${name}" renders at ${size.toFixed(1)} px`);
      }
    }
    const images = [...document.querySelectorAll("img")].filter(visible) as HTMLImageElement[];
    for (const img of images) {
      const box = img.getBoundingClientRect();
      if (!img.complete || img.naturalWidth === 0) problems.push(`image "${img.alt}" did not decode`);
      if (box.width <= 0 || box.height <= 0) problems.push(`image "${img.alt}" has size ${box.width}×${box.height}`);
    }
    return { charts: charts.length, images: images.length, problems };
  }, MIN_FONT_PX);
}

/** Elements drawn in a font their font-family does not name (a fallback), as "text: font (family list)". */
export async function fontFallbacks(page: Page): Promise<{ checked: number; fallbacks: string[] }> {
  const families = await page.evaluate(() => {
    const out: string[] = [];
    let k = 0;
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "");
      if (!own.some((t) => [...t].some((c) => c.charCodeAt(0) > 127))) continue;
      el.setAttribute("data-glyph-check", String(k++));
      out.push(getComputedStyle(el).fontFamily);
    }
    return out;
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const root = await cdp.send("DOM.getDocument", { depth: 0 });
  const { nodeIds } = await cdp.send("DOM.querySelectorAll", {
    nodeId: root.root.nodeId,
    selector: "[data-glyph-check]",
  });
  const fallbacks: string[] = [];
  for (const nodeId of nodeIds) {
    const attrs = (await cdp.send("DOM.getAttributes", { nodeId })).attributes;
    const index = Number(attrs[attrs.indexOf("data-glyph-check") + 1]);
    const named = families[index]!.split(",").map((f) =>
      f
        .trim()
        .replace(/^["']|["']$/g, "")
        .toLowerCase(),
    );
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    for (const font of fonts) {
      if (!named.includes(font.familyName.toLowerCase())) fallbacks.push(`${font.familyName} (${families[index]})`);
    }
  }
  await cdp.detach();
  return { checked: nodeIds.length, fallbacks: [...new Set(fallbacks)] };
}
