/**
 * Opens a run report (`orbitwin report`) in headless Chromium (Debian's, driven by
 * playwright-core) as a reader would, offline, and measures what its charts drew: each chart's
 * y scale against its data, and the boxes of its legend entries. A screenshot goes to
 * test/artifacts/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DrawnChart {
  id: string;
  /** the y scale uPlot drew */
  yMin: number;
  yMax: number;
  /** the lowest and highest value it plotted */
  dataMin: number;
  dataMax: number;
  /** the plot area and each legend entry, px on the page */
  plot: Box;
  legend: { label: string; box: Box }[];
}

export interface DrawnReport {
  charts: DrawnChart[];
  /** script errors and requests for anything but the file itself */
  problems: string[];
}

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Loads the report at `path`, waits for its charts, and writes test/artifacts/<screenshot>.png of the whole page. */
export async function drawReport(path: string, screenshot: string): Promise<DrawnReport> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const url = pathToFileURL(path).href;
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`error: ${e.message}`));
    page.on("request", (r) => {
      if (r.url() !== url) problems.push(`request: ${r.url()}`);
    });
    await page.goto(url);
    await page.waitForFunction("window.orbitwinCharts !== undefined");
    const charts = await page.evaluate<DrawnChart[]>(`Object.entries(window.orbitwinCharts).map(([id, u]) => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; };
      const values = u.data.slice(1).flat().filter((v) => v !== null);
      return {
        id,
        yMin: u.scales.y.min,
        yMax: u.scales.y.max,
        dataMin: Math.min(...values),
        dataMax: Math.max(...values),
        plot: box(u.root.querySelector(".u-over")),
        legend: [...u.root.querySelectorAll(".u-legend .u-series")].map((el) => ({ label: el.textContent, box: box(el) })),
      };
    })`);
    await page.screenshot({ path: `${ARTIFACTS}${screenshot}.png`, fullPage: true });
    return { charts, problems };
  } finally {
    await browser.close();
  }
}
