/**
 * The deployment files a user starts from, checked without Docker (there is no engine here):
 * nats-server accepts every configuration, and the cluster override of docker-compose.yml gives
 * every orbitwin process all three nodes and three replicas.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findNatsServerBinary } from "../packages/runtime/src/nats-server.js";
import { configForServer } from "./harness/nats-config-check.js";
import { passwordEnvOf } from "../packages/runtime/src/security/auth-conf.js";
import { deployAuthConfs, renderDeployAuthConf } from "../packages/runtime/src/security/deploy-auth.js";
import { roleUsers } from "../packages/runtime/src/security/roles.js";

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const NODES = ["n1", "n2", "n3"];

interface ComposeService {
  build?: unknown;
  command?: string[];
  hostname?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  networks?: { default?: { aliases?: string[] } };
  depends_on?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = (p: string) => parse(readFileSync(path(p), "utf8"), { merge: true }) as ComposeFile;
/** Every user's password variable, as nats-server reads them. */
const PASSWORD_ENV = roleUsers({ run: "demo" }).map((u) => passwordEnvOf(u.user));
const passwords = Object.fromEntries(PASSWORD_ENV.map((name) => [name, "x"]));

describe("deployment files", () => {
  it.each(["single", "cluster-1", "cluster-2", "cluster-3"])("deploy/nats/%s.conf is a configuration nats-server accepts", (name) => {
    const binary = findNatsServerBinary();
    expect(binary, "nats-server on the PATH").toBeDefined();
    const env = { ...process.env, ...passwords };
    // A copy beside the original, so its include of auth.conf still resolves.
    const conf = path(`deploy/nats/.${name}-check.conf`);
    writeFileSync(conf, configForServer(binary!, readFileSync(path(`deploy/nats/${name}.conf`), "utf8")));
    const checked = spawnSync(binary!, ["-t", "-c", conf], { env, encoding: "utf8" });
    rmSync(conf);
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toMatch(/is valid/);
  });

  it.each(deployAuthConfs.map((c) => [c.path, c] as const))("%s is the rendering of the roles (npm run auth-conf)", (file, conf) => {
    expect(readFileSync(path(file), "utf8")).toBe(renderDeployAuthConf(conf));
  });

  it("refuses to start while a password is unset, naming its variable", () => {
    const others = Object.fromEntries(Object.entries(passwords).filter(([name]) => name !== PASSWORD_ENV[0]));
    const checked = spawnSync(findNatsServerBinary()!, ["-t", "-c", path("deploy/nats/single.conf")], { env: { ...process.env, ...others }, encoding: "utf8" });
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toContain(PASSWORD_ENV[0]);
  });

  it("docker-compose.yml publishes NATS on loopback only and needs every password set, each service under its own user", () => {
    const base = compose("docker-compose.yml");
    expect(base.services.nats!.ports).toEqual(["127.0.0.1:4222:4222"]);
    const raw = readFileSync(path("docker-compose.yml"), "utf8");
    for (const name of PASSWORD_ENV) expect(raw, name).toContain(`${name}: \${${name}:?set it in .env}`);
    expect(raw).not.toMatch(/\$\{ORBITWIN_\w+_PASS\}/);
    for (const [name, s] of Object.entries(base.services).filter(([, s]) => s.build !== undefined)) {
      const user = name === "coordinator-standby" ? "coordinator" : name;
      expect(s.environment?.NATS_URL, name).toBe(`nats://${user}:\${${passwordEnvOf(user)}:?set it in .env}@nats:4222`);
    }
    expect(readFileSync(path(".dockerignore"), "utf8").split("\n")).toEqual(expect.arrayContaining([".env", ".orbitwin", "node_modules", "test/artifacts"]));
  });

  it("routes each cluster node to all three and syncs every write to disk before its ack", () => {
    NODES.forEach((node, i) => {
      const conf = readFileSync(path(`deploy/nats/cluster-${i + 1}.conf`), "utf8");
      expect(conf).toMatch(/^\s*sync_interval: always$/m);
      expect(conf).toMatch(new RegExp(`^server_name: ${node}$`, "m"));
      for (const peer of NODES) expect(conf).toContain(`nats-route://${peer}:6222`);
    });
  });

  it("the cluster override runs three NATS nodes and points every orbitwin service at all of them with three replicas", () => {
    const base = compose("docker-compose.yml");
    const cluster = compose("deploy/docker-compose.cluster.yml");
    const nodes = Object.entries(cluster.services).filter(([, s]) => s.command?.includes("/etc/nats/cluster.conf"));
    expect(nodes.map(([, s]) => s.hostname).sort()).toEqual(NODES);
    for (const [name, s] of nodes) {
      const i = NODES.indexOf(s.hostname!) + 1;
      expect(s.networks?.default?.aliases, name).toEqual([s.hostname]);
      expect(s.volumes, name).toContain(`./deploy/nats/cluster-${i}.conf:/etc/nats/cluster.conf:ro`);
      expect(s.volumes, name).toContain("./deploy/nats/auth.conf:/etc/nats/auth.conf:ro");
      const dataVolume = s.volumes!.find((v) => v.endsWith(":/data"))!.split(":")[0]!;
      expect(dataVolume in { ...base.volumes, ...cluster.volumes }, `${name}'s volume ${dataVolume} is declared`).toBe(true);
    }
    expect(new Set(nodes.map(([, s]) => s.volumes!.find((v) => v.endsWith(":/data")))).size, "one store per node").toBe(3);

    const orbitwin = Object.entries(base.services).filter(([, s]) => s.build !== undefined);
    expect(orbitwin.length).toBeGreaterThan(0);
    for (const [name] of orbitwin) {
      const env = cluster.services[name]?.environment;
      expect(env?.ORBITWIN_REPLICAS, name).toBe("3");
      const servers = (env?.NATS_URL ?? "").split(",").map((u) => /@?([\w-]+):4222$/.exec(u)?.[1]);
      expect(env?.NATS_URL, name).toMatch(new RegExp(`^nats://${name === "coordinator-standby" ? "coordinator" : name}:`));
      expect(servers, name).toEqual(NODES);
      expect(cluster.services[name]?.depends_on?.sort(), name).toEqual(nodes.map(([n]) => n).sort());
    }
  });
});
