/**
 * A service started from its own main.ts (as a container or a process manager would) takes the
 * flags and environment `orbitwin serve` takes, and a SIGTERM stops it cleanly: drained,
 * released, exit code 0.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { scenario, scratchDir, startScript, waitForOutput } from "./cli.js";

const main = (service: string) => fileURLToPath(new URL(`../../services/${service}/dist/main.js`, import.meta.url));
const exited = (child: ReturnType<typeof startScript>) => new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));

describe("a service's main.ts", () => {
  it("runs the scheduler from --scenario and the environment, joins the clock, and stops on SIGTERM with exit code 0", async () => {
    const child = startScript(main("scheduler"), ["--scenario", scenario("jobs-demo.yaml"), "--run", "main-sched"], {
      cwd: scratchDir(),
      env: { NATS_URL: inject("natsUrl"), LOG_LEVEL: "info" },
    });
    const done = exited(child);
    await waitForOutput(child, /"msg":"scheduler participant main-sched running"/);
    await waitForOutput(child, /"msg":"scheduler main-sched running"/);
    child.kill("SIGTERM");
    expect(await done).toBe(0);
    expect(child.output.stdout).toMatch(/"msg":"scheduler main-sched stopped"/);
    expect(child.output.stdout).toMatch(/"msg":"scheduler participant main-sched stopped"/);
  });

  // The deterministic version, a stop at each step of the start, is runtime's run-service.test.ts.
  it("exits cleanly on a SIGTERM that comes as soon as the service begins to start", async () => {
    const child = startScript(main("thermal"), ["--run", "main-early"], { cwd: scratchDir(), env: { NATS_URL: inject("natsUrl") } });
    const done = exited(child);
    // Logged as start() begins, before the clock participant and the endpoints exist.
    await waitForOutput(child, /"msg":"thermal main-early running"/);
    child.kill("SIGTERM");
    expect(await done).toBe(0);
    expect(child.output.stdout).toMatch(/"msg":"thermal main-early stopped"/);
  });

  it("refuses a flag it does not take in one line, with exit code 2", async () => {
    const child = startScript(main("gateway"), ["--port", "http"], { cwd: scratchDir() });
    expect(await exited(child)).toBe(2);
    expect(child.output.stderr).toBe("gateway: --port http: give a port number from 0 to 65535\n");
  });
});
