/**
 * The deployment files a user starts from, checked without Docker (there is no engine here):
 * nats-server accepts every configuration with the secrets of `orbitwin secure init`, every
 * client connection and cluster route is TLS (routes mutual), nothing is published beyond the
 * host's loopback, credentials reach each container as a mounted file of its own role (never an
 * argument, a URL or the image), and the cluster override gives every orbitwin process all three
 * nodes and three replicas.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findNatsServerBinary } from "../packages/runtime/src/nats-server.js";
import { configForServer, nkeysEnv } from "./harness/nats-config-check.js";
import { nkeyEnvOf } from "../packages/runtime/src/security/auth-conf.js";
import { deployAuthConfs, renderDeployAuthConf } from "../packages/runtime/src/security/deploy-auth.js";
import { writeDeploySecrets } from "../packages/runtime/src/security/deploy-secrets.js";
import { Roles } from "../packages/runtime/src/security/roles.js";
import { FLEET_HOST_HEAP_FLAG } from "../services/fleet/src/fleet-threads.js";

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const NODES = ["n1", "n2", "n3"];
const CONFS = ["single", "cluster-1", "cluster-2", "cluster-3"];

interface ComposeService {
  build?: unknown;
  image?: string;
  command?: string[];
  hostname?: string;
  environment?: Record<string, string>;
  env_file?: string;
  volumes?: string[];
  ports?: string[];
  secrets?: { source: string; target: string }[];
  networks?: { default?: { aliases?: string[] } };
  depends_on?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
  volumes?: Record<string, unknown>;
}

const compose = (p: string) => parse(readFileSync(path(p), "utf8"), { merge: true }) as ComposeFile;
const orbitwinServices = (c: ComposeFile) => Object.entries(c.services).filter(([, s]) => s.build !== undefined);
const roleOf = (service: string) => (service === "coordinator-standby" ? "coordinator" : service);

let secrets: string;
beforeAll(() => {
  secrets = join(mkdtempSync(join(tmpdir(), "orbitwin-deploy-")), "secrets");
  writeDeploySecrets({ dir: secrets });
});
afterAll(() => rmSync(join(secrets, ".."), { recursive: true, force: true }));

/** `nats-server -t` on a copy of deploy/nats/NAME.conf beside the original (its include of auth.conf resolves). */
function checkConf(name: string, env: Record<string, string>) {
  const binary = findNatsServerBinary();
  expect(binary, "nats-server on the PATH").toBeDefined();
  const conf = path(`deploy/nats/.${name}-check.conf`);
  writeFileSync(conf, configForServer(binary!, readFileSync(path(`deploy/nats/${name}.conf`), "utf8"), secrets));
  try {
    return spawnSync(binary!, ["-t", "-c", conf], { env: { ...process.env, ...env }, encoding: "utf8" });
  } finally {
    rmSync(conf);
  }
}

describe("deployment files", () => {
  it.each(CONFS)("deploy/nats/%s.conf is a configuration nats-server accepts with the secrets of secure init", (name) => {
    const checked = checkConf(name, nkeysEnv(secrets));
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toMatch(/is valid/);
  });

  it.each(deployAuthConfs.map((c) => [c.path, c] as const))("%s is the rendering of the roles (npm run auth-conf)", (file, conf) => {
    expect(readFileSync(path(file), "utf8")).toBe(renderDeployAuthConf(conf));
  });

  it("knows every user by an nkey from the environment and refuses to start while one is unset, naming it", () => {
    const auth = readFileSync(path("deploy/nats/auth.conf"), "utf8");
    expect(auth).not.toMatch(/\bpassword\s*:/);
    for (const role of Roles) expect(auth, role).toContain(`nkey: $${nkeyEnvOf(role)}`);
    const missing = nkeyEnvOf(Roles[0]);
    const others = Object.fromEntries(Object.entries(nkeysEnv(secrets)).filter(([name]) => name !== missing));
    const checked = checkConf("single", others);
    expect(checked.status).not.toBe(0);
    expect(checked.stderr).toContain(missing);
  });

  it.each(CONFS)("deploy/nats/%s.conf takes clients over TLS only, monitors on loopback and routes only with mutual TLS", (name) => {
    const conf = readFileSync(path(`deploy/nats/${name}.conf`), "utf8");
    const topLevelTls = /^tls \{([^}]*)\}/m.exec(conf)?.[1] ?? "";
    expect(topLevelTls).toMatch(/cert_file: \/etc\/nats\/secrets\/server\.pem/);
    expect(topLevelTls).toMatch(/key_file: \/etc\/nats\/secrets\/server-key\.pem/);
    expect(conf).toMatch(/^http: 127\.0\.0\.1:8222$/m);
    expect(conf).not.toMatch(/^\s*(websocket|leafnodes?|mqtt|gateway|no_auth_user)\s*[:{]/m);
    const cluster = /^cluster \{[\s\S]*?^\}/m.exec(conf)?.[0];
    if (name === "single") expect(cluster).toBeUndefined();
    else {
      const routeTls = /tls \{([^}]*)\}/.exec(cluster ?? "")?.[1] ?? "";
      expect(routeTls, "route TLS").toMatch(/ca_file: \/etc\/nats\/secrets\/ca\.pem/);
      expect(routeTls, "a route must show a certificate of the CA").toMatch(/verify: true/);
    }
  });

  it("docker-compose.yml publishes on loopback only and gives each service its own role's credentials as a mounted file", () => {
    const base = compose("docker-compose.yml");
    expect(base.services.nats!.ports).toEqual(["127.0.0.1:4222:4222"]);
    for (const [name, s] of Object.entries(base.services)) for (const p of s.ports ?? []) expect(p, name).toMatch(/^127\.0\.0\.1:/);
    expect(base.services.nats!.env_file).toBe("./secrets/nkeys.env");
    for (const file of ["server.pem", "server-key.pem", "ca.pem"])
      expect(base.services.nats!.volumes).toContain(`./secrets/${file}:/etc/nats/secrets/${file}:ro`);
    expect(orbitwinServices(base).length).toBeGreaterThan(0);
    for (const [name, s] of orbitwinServices(base)) {
      const env = s.environment ?? {};
      expect(env.NATS_URL, `${name}: no credentials in the URL`).toBe("nats://nats:4222");
      const mounted = new Map((s.secrets ?? []).map((x) => [`/run/secrets/${x.target}`, base.secrets![x.source]!.file]));
      expect(mounted.get(env.ORBITWIN_CREDS!), `${name}: ORBITWIN_CREDS is its role's file`).toBe(`./secrets/${roleOf(name)}.creds`);
      expect(mounted.get(env.ORBITWIN_TLS_CA!), `${name}: ORBITWIN_TLS_CA`).toBe("./secrets/ca.pem");
      expect(s.command?.join(" "), `${name}: nothing secret in argv`).not.toMatch(/creds|seed|pass|token|secret/i);
      expect(
        Object.keys(env).filter((k) => /PASS|SEED|TOKEN/.test(k)),
        name,
      ).toEqual([]);
    }
  });

  it("starts each compose fleet host, one thread on node's main thread, with its heap's start on node's command line", () => {
    const fleet = compose("docker-compose.yml").services.fleet!;
    expect(fleet.environment?.ORBITWIN_FLEET_THREADS).toBe("1");
    expect(fleet.command).toEqual(["node", FLEET_HOST_HEAP_FLAG, "packages/cli/dist/main.js", "serve", "fleet"]);
  });

  it("keeps the secrets out of the image: .dockerignore, and a Dockerfile that takes none", () => {
    const ignored = readFileSync(path(".dockerignore"), "utf8").split("\n");
    expect(ignored).toEqual(expect.arrayContaining([".env", ".orbitwin", "secrets", "**/*.creds", "**/*.pem", "**/nkeys.env", "node_modules"]));
    const dockerfile = readFileSync(path("deploy/Dockerfile"), "utf8");
    expect(dockerfile).not.toMatch(/^\s*(ARG|ENV)\s+\S*(PASS|SEED|TOKEN|CREDS|NKEY)/im);
    expect(readFileSync(path(".gitignore"), "utf8")).toMatch(/^\/secrets\/$/m);
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
      for (const file of ["server.pem", "server-key.pem", "ca.pem"]) expect(s.volumes, name).toContain(`./secrets/${file}:/etc/nats/secrets/${file}:ro`);
      expect(s.env_file, name).toBe("./secrets/nkeys.env");
      expect(s.ports, `${name}: published by docker-compose.yml only`).toBeUndefined();
      const dataVolume = s.volumes!.find((v) => v.endsWith(":/data"))!.split(":")[0]!;
      expect(dataVolume in { ...base.volumes, ...cluster.volumes }, `${name}'s volume ${dataVolume} is declared`).toBe(true);
    }
    expect(new Set(nodes.map(([, s]) => s.volumes!.find((v) => v.endsWith(":/data")))).size, "one store per node").toBe(3);

    const orbitwin = orbitwinServices(base);
    expect(orbitwin.length).toBeGreaterThan(0);
    for (const [name] of orbitwin) {
      const env = cluster.services[name]?.environment;
      expect(env?.ORBITWIN_REPLICAS, name).toBe("3");
      expect(env?.NATS_URL, `${name}: every node, no credentials`).toBe(NODES.map((n) => `nats://${n}:4222`).join(","));
      expect(cluster.services[name]?.depends_on?.sort(), name).toEqual(nodes.map(([n]) => n).sort());
    }
  });
});
