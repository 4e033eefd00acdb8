/**
 * The web dashboard in headless Chromium (Debian's, driven by playwright-core: no browser
 * downloads): `orbitwin up` prints its URL, the page draws every satellite, and a fault injected
 * from the page's form shows up in its event log. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { fixture, scratchDir, startCli, waitForOutput } from "./cli.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));

describe("the dashboard", { timeout: 120_000 }, () => {
  it("draws the fleet and shows a fault injected from the page in its event log", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const up = startCli(["up", fixture("small.yaml"), "--nats", inject("natsUrl"), "--run", "dash", "--speed", "20", "--until", "forever"], {
      cwd: scratchDir(),
    });
    let browser: Browser | undefined;
    try {
      const url = (await waitForOutput(up, /dashboard: (http:\/\/\S+)/))[1]!;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      // small.yaml flies 109 satellites.
      await page.waitForFunction('document.body.dataset.drawn === "109"', undefined, { timeout: 60_000 });
      expect(["webgl", "canvas"]).toContain(await page.evaluate("document.body.dataset.renderer"));
      await page.waitForFunction('document.getElementById("fleet-info").textContent.includes("tick")', undefined, { timeout: 30_000 });
      await page.screenshot({ path: `${ARTIFACTS}dashboard-fleet.png` });

      await page.selectOption("#fault-kind", "accelerator-failure");
      await page.fill("#fault-sats", "shell-p01-s01");
      await page.fill("#fault-count", "2");
      await page.click("#fault-submit");
      await page.waitForFunction('/f-\\d+ starts at tick/.test(document.getElementById("fault-result").textContent)', undefined, { timeout: 30_000 });
      await page.waitForFunction('[...document.querySelectorAll("#events li")].some((li) => li.textContent.includes("fault-activated"))', undefined, {
        timeout: 30_000,
      });
      await page.waitForFunction(
        '[...document.querySelectorAll("#events li")].some((li) => li.textContent.includes("fault-applied") && li.textContent.includes("shell-p01-s01"))',
        undefined,
        { timeout: 30_000 },
      );
      // A bad request from the page gets the run's own error, shown next to the form.
      await page.selectOption("#fault-kind", "radiator-damage");
      await page.click("#fault-submit");
      await page.waitForFunction('document.getElementById("fault-result").textContent.includes("fraction")', undefined, { timeout: 30_000 });
      await page.screenshot({ path: `${ARTIFACTS}dashboard-fault.png` });
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
      up.kill("SIGINT");
      await new Promise((resolve) => (up.exitCode === null ? up.once("exit", resolve) : resolve(undefined)));
    }
  });
});
