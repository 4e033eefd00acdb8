/// <reference lib="dom" />
/**
 * The web dashboard in headless Chromium (Debian's, driven by playwright-core: no browser
 * downloads), one browser for every check: `orbitwin up` prints the page's address and operator
 * token; the map draws coastlines, night and Earth's shadow where the Sun puts them and the
 * satellites in the shadow as such; a click opens a satellite's panel; the globe shows a formation
 * apart; a viewer, another origin and a plain form cannot control the run; the operator can; a
 * conjunction of scenarios/debris-watch.yaml shows with its CDM. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { fixture, scenario, scratchDir, startCli, waitForOutput } from "./cli.js";
import { angleDeg, blend, canvasPixels, countBlobs, hex, latestFrame, mapPixel, shadowRadiusDeg, subsolar, type Rgb } from "./dashboard-page.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
/** The page's map colors (page/src/map-view.ts MAP_COLORS and colors.ts): ocean, land, night and shadow overlays. */
const OCEAN = hex("#0d1b36");
const LAND = hex("#2c3e5c");
const NIGHT: [Rgb, number] = [[0, 0, 0], 0.45];
const SHADOW: [Rgb, number] = [[10, 10, 60], 0.35];
const IN_SHADOW = hex("#3b4cc0");
const SUNLIT = hex("#f6d743");

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function up(scenarioFile: string, run: string, speed: string) {
  const child = startCli(["up", scenarioFile, "--nats", inject("natsUrl"), "--run", run, "--speed", speed, "--until", "forever"], { cwd: scratchDir() });
  const url = (await waitForOutput(child, /dashboard: (http:\/\/\S+)/))[1]!;
  const token = (await waitForOutput(child, /dashboard operator token[^:]*: (\S+)/))[1]!;
  return { child, url, token };
}

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

const text = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)!.textContent ?? "", id);
const near = (got: number[], want: Rgb, tolerance: number) => want.every((c, i) => Math.abs(got[i]! - c) <= tolerance);

/** A page on another origin that tries to pause the run with a cross-origin fetch and with a plain form. */
function attackerSite(gateway: string): Promise<Server> {
  const html = `<!doctype html><form id="f" method="POST" action="${gateway}api/ctl/pause" enctype="text/plain"><input name='{"x":"' value='"}'></form>
<script>fetch("${gateway}api/ctl/pause", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: "{}" });</script>`;
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("the dashboard", { timeout: 150_000 }, () => {
  it("draws the Earth, the night and the shadow where the Sun puts them, satellites in the shadow as such, and refuses control without the token", async () => {
    const { url, token } = await up(fixture("small.yaml"), "dash", "20");
    const { page, errors } = await openPage(url);
    // small.yaml flies 109 satellites.
    await page.waitForFunction(() => document.body.dataset.drawn === "109", undefined, { timeout: 60_000 });
    expect(await text(page, "role")).toBe("view only");

    // A viewer's pause is refused, and the page says why.
    await page.click("#pause");
    await page.waitForFunction(() => document.getElementById("ctl-result")!.textContent.includes("pause refused"), undefined, { timeout: 10_000 });
    expect(await text(page, "ctl-result")).toMatch(/need the operator token: no operator token given/);

    // Another origin: its fetch is refused (its response blocked too: the gateway sends
    // Cross-Origin-Resource-Policy same-origin), its form gets a 403 naming the origin, and the run goes on.
    const attacker = await attackerSite(url);
    const evil = await browser.newPage();
    const fetched = evil.waitForRequest((r) => r.url().endsWith("/api/ctl/pause"));
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await fetched;
    const [formReply] = await Promise.all([
      evil.waitForResponse((r) => r.url().endsWith("/api/ctl/pause") && r.request().method() === "POST" && r.request().isNavigationRequest()),
      evil.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit()),
    ]);
    expect(formReply.status()).toBe(403);
    expect(await formReply.text()).toMatch(/origin \\"http:\/\/127.0.0.1:\d+\\" may not use this gateway/);
    await evil.close();
    attacker.close();
    const before = Number(await page.evaluate(() => document.body.dataset.simTime));
    await page.waitForFunction((t) => Number(document.body.dataset.simTime) > t, before, { timeout: 20_000 });

    // The operator pauses (as a tool would, token in the header), so the page and this test see one frame.
    const paused = await fetch(new URL("api/ctl/pause", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: "{}",
    });
    expect(paused.status).toBe(200);
    await page.selectOption("#field", "sunlit");
    const { ids, frame } = await latestFrame(url, "sunlit");
    await page.waitForFunction((t) => document.body.dataset.simTime === String(t) && document.body.dataset.frameField === "sunlit", frame.simTimeMs, {
      timeout: 20_000,
    });
    await page.waitForFunction(() => document.body.dataset.drawn === "109");
    await page.screenshot({ path: `${ARTIFACTS}dashboard-map-sunlit.png` });

    const width = await page.evaluate(() => (document.getElementById("map-base") as HTMLCanvasElement).width);
    const sun = subsolar(frame.simTimeMs);
    const antisolar = { latDeg: -sun.latDeg, lonDeg: sun.lonDeg > 0 ? sun.lonDeg - 180 : sun.lonDeg + 180 };
    const altitudes = Array.from(frame.altKm).sort((a, b) => a - b);
    const shadowDeg = shadowRadiusDeg(altitudes[Math.floor(altitudes.length / 2)]!);

    // Coastlines, night and shadow: known land and sea (off the 10-degree grid lines), each the color its lighting gives.
    const places = [
      { latDeg: -24.5, lonDeg: 133.5, land: true },
      { latDeg: 22.5, lonDeg: 13.5, land: true },
      { latDeg: -8.5, lonDeg: -56.5, land: true },
      { latDeg: 61.5, lonDeg: -103.5, land: true },
      { latDeg: -33.5, lonDeg: -123.5, land: false },
      { latDeg: -36.5, lonDeg: 83.5, land: false },
      { latDeg: 33.5, lonDeg: -43.5, land: false },
      { latDeg: 8.5, lonDeg: -163.5, land: false },
    ].filter((p) => Math.abs(angleDeg(p, sun) - 90) > 3 && Math.abs(angleDeg(p, antisolar) - shadowDeg) > 3);
    expect(places.length).toBeGreaterThanOrEqual(4);
    const seen = await canvasPixels(
      page,
      "map-base",
      places.map((p) => mapPixel(width, p.latDeg, p.lonDeg)),
    );
    const wrong = places.flatMap((p, k) => {
      let want = p.land ? LAND : OCEAN;
      if (angleDeg(p, sun) > 90) want = blend(want, ...NIGHT);
      if (angleDeg(p, antisolar) < shadowDeg) want = blend(want, ...SHADOW);
      return near(seen[k]!, want, 8) ? [] : [{ place: p, want: want.map(Math.round), got: seen[k]!.slice(0, 3) }];
    });
    expect(wrong).toEqual([]);
    // The terminator crosses the equator 90 degrees either side of the subsolar longitude, whatever the season.
    const wrap = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
    const line = async (lonDeg: number) => {
      const [x, y] = mapPixel(width, 0, wrap(lonDeg));
      const strip = await canvasPixels(
        page,
        "map-base",
        [-2, -1, 0, 1, 2].map((dx) => [x + dx, y + 3] as [number, number]),
      );
      return strip.some((rgb) => rgb[0]! > 140 && rgb[1]! > 120 && rgb[2]! < 110);
    };
    expect([await line(sun.lonDeg + 90), await line(sun.lonDeg - 90)]).toEqual([true, true]);
    expect([await line(sun.lonDeg + 80), await line(sun.lonDeg - 100)]).toEqual([false, false]);

    // Satellites in the shadow and in sunlight, each drawn alone, show as such.
    const pixels = Array.from(frame.latDeg, (lat, i) => mapPixel(width, lat, frame.lonDeg[i]!));
    const alone = (i: number) => pixels.every(([x, y], j) => j === i || Math.hypot(x - pixels[i]![0], y - pixels[i]![1]) > 12);
    const shadowed = ids.findIndex((_, i) => frame.sunlit[i] === 0 && alone(i));
    const lit = ids.findIndex((_, i) => frame.sunlit[i] === 255 && alone(i));
    expect(shadowed).toBeGreaterThanOrEqual(0);
    expect(lit).toBeGreaterThanOrEqual(0);
    const [inShadow, inSun] = await canvasPixels(page, "map-points", [pixels[shadowed]!, pixels[lit]!]);
    expect(near(inShadow!, IN_SHADOW, 12)).toBe(true);
    expect(near(inSun!, SUNLIT, 12)).toBe(true);

    // The satellite panel is never empty: the first satellite from the start; a click opens another with its ground track.
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-chart="battery state of charge"]')?.dataset.points) > 0, undefined, {
      timeout: 20_000,
    });
    expect(await text(page, "sat-id")).toBe(ids[0]);
    const box = (await page.locator("#map-overlay").boundingBox())!;
    await page.mouse.click(box.x + pixels[shadowed]![0], box.y + pixels[shadowed]![1]);
    await page.waitForFunction((id) => document.getElementById("sat-info")!.textContent.startsWith(id), ids[shadowed]!, { timeout: 10_000 });
    expect(await text(page, "sat-id")).toBe(ids[shadowed]);
    expect(await text(page, "sat-info")).toMatch(/in Earth's shadow/);
    await page.waitForFunction(() => document.querySelectorAll("#sat-events li").length > 0);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-satellite.png` });

    // The globe: the whole Earth, then close on a formation satellite, its neighbours drawn apart.
    await page.selectOption("#field", "health");
    // A new field is a new stream: until its first frame the page still holds the last field's.
    await page.waitForFunction(() => document.body.dataset.frameField === "health");
    await page.click("#view-globe");
    await page.screenshot({ path: `${ARTIFACTS}dashboard-globe.png` });
    const formation = ids.find((id) => id.startsWith("sc-"))!;
    await page.fill("#sat-find", formation);
    await page.press("#sat-find", "Enter");
    await page.waitForFunction((id) => document.getElementById("sat-info")!.textContent.startsWith(id), formation);
    await page.click("#focus");
    await page.waitForFunction(() => document.body.dataset.view === "globe");
    expect(await countBlobs(page, "globe", hex("#3ecf6e"), 40)).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-globe-formation.png` });

    // With the token the page is the operator's: it resumes the run and injects a fault.
    await page.click("#view-map");
    await page.fill("#token", token);
    await page.click("#token-set");
    await page.waitForFunction(() => document.body.dataset.role === "operator");
    await page.click("#resume");
    await page.waitForFunction(() => document.getElementById("ctl-result")!.textContent.startsWith("resume:"));
    await page.selectOption("#fault-kind", "accelerator-failure");
    await page.fill("#fault-sats", "shell-p01-s01");
    await page.fill("#fault-count", "2");
    await page.click("#fault-submit");
    await page.waitForFunction(() => /f-\d+ starts at tick/.test(document.getElementById("fault-result")!.textContent), undefined, { timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll("#events li")].some((li) => li.textContent.includes("fault-activated")), undefined, {
      timeout: 30_000,
    });
    await page.screenshot({ path: `${ARTIFACTS}dashboard-operator.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a conjunction of scenarios/debris-watch.yaml with its CDM to download", async () => {
    const { url } = await up(scenario("debris-watch.yaml"), "dash-debris", "60");
    const { page, errors } = await openPage(url);
    await page.waitForFunction(() => document.querySelectorAll("#conj-table tbody tr").length > 0, undefined, { timeout: 90_000 });
    const href = await page.locator("#conj-table tbody tr a").first().getAttribute("href");
    const cdm = await page.evaluate((h) => fetch(h).then((r) => r.text()), href!);
    expect(cdm).toMatch(/CCSDS_CDM_VERS/);
    expect(await text(page, "conj-note")).toMatch(/conjunctions? recorded/);
    await page.waitForFunction(() => document.body.dataset.drawn === "330", undefined, { timeout: 30_000 });
    await page.locator("#panel-conj").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}dashboard-conjunctions.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
