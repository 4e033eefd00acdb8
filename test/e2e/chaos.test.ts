/**
 * Drills with `orbitwin chaos kill` on a paced run of real processes: killing a fleet host and
 * then the thermal service mid-run (both restarted by the launcher) ends with the digest of the
 * undisturbed run; bad drills are refused with errors that name the problem.
 */
import { describe, expect, inject, it } from "vitest";
import { EventKinds, fleetTelemetry, orbitwinEvent, subjects } from "@orbitwin/protocol";
import { join } from "node:path";
import { connectNatsBus, silentLogger, spawnNatsServer } from "@orbitwin/runtime";
import { fixture, runCli, scratchDir, startCli, waitForOutput } from "./cli.js";

const nats = () => inject("natsUrl");

describe("orbitwin chaos", { timeout: 180_000 }, () => {
  it("kills a fleet host and then the thermal service mid-run, and the run still ends with the undisturbed digest", async () => {
    const cwd = scratchDir();
    // The undisturbed reference runs beside the paced drill; it is compared with at the end.
    const reference = runCli(["run", fixture("recovery.yaml"), "--json", "--hosts", "2", "--run", "chaos-ref", "--nats", nats()], { cwd });
    const run = "chaos-drill";
    const bus = await connectNatsBus({ url: nats(), name: "chaos-watch", log: silentLogger() });
    try {
      const restores: number[] = [];
      bus.subscribe(subjects.event(run, EventKinds.runRestored), (m) => restores.push(Number(orbitwinEvent.decode(m.data).data.tick)));
      const atTick = (n: number) =>
        new Promise<void>((resolve) => bus.subscribe(subjects.fleet(run), (m) => fleetTelemetry.decode(m.data).tick >= n && resolve()));
      const tick12 = atTick(12);
      const tick22 = atTick(22);
      await bus.flush();
      const child = startCli(["run", fixture("recovery.yaml"), "--json", "--speed", "100", "--hosts", "2", "--run", run, "--nats", nats()], { cwd });
      await tick12;
      const host = await runCli(["chaos", "kill", "fleet", "--host", `${run}-h2`, "--run", run, "--nats", nats(), "--json"], { cwd });
      expect(host.code, host.stderr).toBe(0);
      expect(JSON.parse(host.stdout)).toMatchObject({ victim: "fleet", what: `fleet host ${run}-h2`, signal: "SIGKILL" });
      await tick22;
      const thermal = await runCli(["chaos", "kill", "thermal", "--run", run, "--nats", nats()], { cwd });
      expect(thermal.code, thermal.stderr).toBe(0);
      expect(thermal.stdout).toMatch(/^sent SIGKILL to thermal .+ \(pid \d+\)$/m);
      const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
      expect(code, child.output.stderr).toBe(0);
      const undisturbed = await reference;
      expect(undisturbed.code, undisturbed.stderr).toBe(0);
      expect((JSON.parse(child.output.stdout) as { digest: string }).digest).toBe((JSON.parse(undisturbed.stdout) as { digest: string }).digest);
      expect(restores.length, "each death took the run back to a checkpoint").toBeGreaterThanOrEqual(2);
      expect(Math.min(...restores)).toBeGreaterThanOrEqual(10);
    } finally {
      await bus.drain();
    }
  });

  it("runs a TCP chaos proxy in front of NATS: clients work through it, USR1 toggles a blackhole, TERM stops it", async () => {
    const upstream = new URL(nats());
    const proxy = startCli(
      ["chaos", "proxy", "--to", `${upstream.hostname}:${upstream.port}`, "--latency", "5ms", "--jitter", "5ms", "--bandwidth", "2000000"],
      { cwd: scratchDir() },
    );
    const [, url] = await waitForOutput(proxy, /chaos proxy on (nats:\/\/\S+) ->/);
    const bus = await connectNatsBus({ url: url!, name: "through-proxy", log: silentLogger() });
    try {
      bus.subscribe("chaos.echo", (m) => m.respond(m.data));
      await bus.flush();
      expect(new TextDecoder().decode((await bus.request("chaos.echo", new TextEncoder().encode("ping"), { timeoutMs: 5000 })).data)).toBe("ping");
      proxy.kill("SIGUSR1");
      await waitForOutput(proxy, /blackhole on/);
      proxy.kill("SIGUSR1");
      await waitForOutput(proxy, /blackhole off/);
      expect(new TextDecoder().decode((await bus.request("chaos.echo", new TextEncoder().encode("pong"), { timeoutMs: 5000 })).data)).toBe("pong");
    } finally {
      await bus.drain();
    }
    const closed = new Promise<number | null>((resolve) => proxy.once("close", resolve));
    proxy.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(proxy.output.stdout).toMatch(/chaos proxy stopped: 1 connections, \d+ bytes up, \d+ bytes down/);
  });

  it("kills the NATS server it connects to with chaos kill nats-node", async () => {
    const cwd = scratchDir();
    const server = await spawnNatsServer({ storeDir: join(cwd, "nats"), log: silentLogger() });
    try {
      const drill = await runCli(["chaos", "kill", "nats-node", "--nats", server.url, "--run", "anything", "--json"], { cwd });
      expect(drill.code, drill.stderr).toBe(0);
      expect(JSON.parse(drill.stdout)).toMatchObject({ victim: "nats-node", pid: server.pid, signal: "SIGKILL" });
      await server.closed();
    } finally {
      await server.stop().catch(() => undefined);
    }
  });

  it("refuses a drill on nothing it knows, naming what it can do", async () => {
    const cwd = scratchDir();
    const unknown = await runCli(["chaos", "kill", "toaster", "--nats", nats(), "--run", "nobody"], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/chaos kill needs what to kill: fleet, coordinator, thermal, scheduler, debris-watch, nats-node \(got "toaster"\)/);
    const signal = await runCli(["chaos", "kill", "fleet", "--signal", "HUP", "--nats", nats(), "--run", "nobody"], { cwd });
    expect(signal.stderr).toMatch(/--signal HUP: give one of KILL, TERM, STOP, CONT/);
    const absent = await runCli(["chaos", "kill", "fleet", "--nats", nats(), "--run", "nobody"], { cwd });
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/run nobody has no fleet host heartbeating/);
    const noTarget = await runCli(["chaos", "proxy", "--to", "nowhere"], { cwd });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/chaos proxy needs --to HOST:PORT/);
  });
});
