import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectNatsBus } from "./bus/nats-bus.js";
import { silentLogger } from "./log.js";
import { findNatsServerBinary, NATS_SERVER_GC_PERCENT, NATS_SERVER_SOFT_MEMORY_LIMIT, spawnNatsServer, type SpawnedNatsServer } from "./nats-server.js";

/** Resolves true when something accepts a TCP connection on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("spawnNatsServer", () => {
  const dirs: string[] = [];
  const servers: SpawnedNatsServer[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-spawn-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("finds nats-server on the PATH", () => {
    expect(findNatsServerBinary()).toMatch(/nats-server$/);
    expect(findNatsServerBinary("no-such-binary-orbitwin")).toBeUndefined();
  });

  it("starts JetStream on an ephemeral loopback port with an 8 MiB max payload, and stops it", async () => {
    const dir = tempDir();
    const server = await spawnNatsServer({ storeDir: dir, log: silentLogger() });
    servers.push(server);
    expect(server.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toBe("nats://127.0.0.1:4222");
    expect(server.version).toMatch(/^\d+\.\d+\.\d+$/);
    const port = Number(new URL(server.url).port);

    const bus = await connectNatsBus({ url: server.url, name: "spawn-test", log: silentLogger() });
    expect(bus.maxPayloadBytes).toBe(8 * 1024 * 1024);
    const kv = await bus.kv("spawn");
    await kv.put("big", new Uint8Array(4 * 1024 * 1024));
    expect((await kv.get("big"))!.value.byteLength).toBe(4 * 1024 * 1024);
    await bus.drain();
    expect(readdirSync(join(dir, "js")).length).toBeGreaterThan(0);

    await server.stop();
    await server.stop();
    expect(processAlive(server.pid)).toBe(false);
    expect(await listening(port)).toBe(false);
    expect(await server.closed()).toBeUndefined();
    expect(existsSync(join(dir, "ports", `nats-server_${server.pid}.ports`))).toBe(false);
  });

  it("gives the server a soft memory limit and a lazier collector unless GOMEMLIMIT or GOGC is set", async () => {
    const server = await spawnNatsServer({ storeDir: tempDir(), log: silentLogger() });
    servers.push(server);
    const environment = readFileSync(`/proc/${server.pid}/environ`, "utf8").split("\0");
    expect(environment).toContain(`GOMEMLIMIT=${process.env.GOMEMLIMIT ?? NATS_SERVER_SOFT_MEMORY_LIMIT}`);
    expect(environment).toContain(`GOGC=${process.env.GOGC ?? NATS_SERVER_GC_PERCENT}`);
    const chosen = await spawnNatsServer({ storeDir: tempDir(), log: silentLogger(), env: { GOGC: "150" } });
    servers.push(chosen);
    expect(readFileSync(`/proc/${chosen.pid}/environ`, "utf8").split("\0")).toContain("GOGC=150");
  });

  it("reports an unexpected exit through closed(), with the server's stderr", async () => {
    const server = await spawnNatsServer({ storeDir: tempDir(), log: silentLogger() });
    servers.push(server);
    process.kill(server.pid, "SIGKILL");
    const err = await server.closed();
    expect(err?.message).toMatch(/exited unexpectedly \(code null, signal SIGKILL\)/);
  });

  it("fails with the server's own complaint when the config is bad", async () => {
    await expect(spawnNatsServer({ storeDir: tempDir(), extraConfig: "this is { not valid", log: silentLogger() })).rejects.toThrow(
      /exited before listening[\s\S]*Fix the cause/,
    );
  });

  it("fails clearly when the binary is missing", async () => {
    await expect(spawnNatsServer({ storeDir: tempDir(), binary: "/nonexistent/nats-server" })).rejects.toThrow(/could not start/);
  });

  it("runs a given config file, with the store and ports file from flags", async () => {
    const dir = tempDir();
    const conf = join(dir, "mine.conf");
    writeFileSync(conf, 'listen: "127.0.0.1:-1"\nmax_payload: 2MB\nserver_name: "mine"\n');
    const server = await spawnNatsServer({ storeDir: join(dir, "store"), configFile: conf, log: silentLogger() });
    servers.push(server);
    const bus = await connectNatsBus({ url: server.url, name: "conf-test", log: silentLogger() });
    try {
      expect(bus.maxPayloadBytes).toBe(2 * 1024 * 1024);
      await (await bus.kv("conf")).put("k", new Uint8Array([1]));
    } finally {
      await bus.drain();
    }
    expect(existsSync(join(dir, "store", "js"))).toBe(true);
    await expect(spawnNatsServer({ storeDir: dir, configFile: conf, extraConfig: "x: 1" })).rejects.toThrow(/excludes extraConfig/);
  });

  it("leaves no orphan: the server dies with the process that spawned it", async () => {
    const dir = tempDir();
    const script = join(dir, "parent.mts");
    const module = fileURLToPath(new URL("./nats-server.ts", import.meta.url));
    writeFileSync(
      script,
      `import { spawnNatsServer } from ${JSON.stringify(module)};\n` +
        `const s = await spawnNatsServer({ storeDir: ${JSON.stringify(join(dir, "store"))} });\n` +
        "console.log(JSON.stringify({ pid: s.pid }));\nprocess.exit(0);\n",
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
      timeout: 30_000,
    });
    const { pid } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { pid: number };
    // SIGKILL was sent before the parent exited; the kernel reaps the server right after.
    const deadline = Date.now() + 5000;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(processAlive(pid)).toBe(false);
  });
});
