/**
 * The shipped cluster configs (deploy/nats/cluster-{1,2,3}.conf with auth.conf) run as they are on
 * three loopback nats-servers, with the secrets of `orbitwin secure init`; only their addresses
 * change (ports picked free, routes to 127.0.0.1, a name the certificate carries). The nodes form
 * their routes over mutual TLS and elect a JetStream leader; a client with its role's credentials
 * and the CA connects over TLS; a client without the CA and a route without a certificate are
 * refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { connectionAuth } from "../packages/runtime/src/bus/nats-auth.js";
import { findNatsServerBinary } from "../packages/runtime/src/nats-server.js";
import { writeDeploySecrets } from "../packages/runtime/src/security/deploy-secrets.js";
import { startLocalCluster, type LocalCluster, type NodeSpec } from "./harness/cluster.js";
import { configForServer, nkeysEnv } from "./harness/nats-config-check.js";

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

let secrets: string;
let cluster: LocalCluster;
let routePortOfN1: number;

/** deploy/nats/cluster-<i>.conf for a node on loopback: its ports, its store, the secrets folder. */
function shippedConfig(node: NodeSpec, nodes: readonly NodeSpec[]): string {
  const i = nodes.indexOf(node) + 1;
  const text = configForServer(findNatsServerBinary()!, readFileSync(path(`deploy/nats/cluster-${i}.conf`), "utf8"), secrets)
    .replace("listen: 0.0.0.0:4222", `listen: 127.0.0.1:${node.client}`)
    .replace("http: 127.0.0.1:8222", `http: 127.0.0.1:${node.monitor}`)
    // The store is the harness's (nats-server -sd), which may not be given twice.
    .replace(/^\s*store_dir: .*$/m, "")
    // A test machine has no room to reserve for 20 GB: the stores are empty here.
    .replace(/max_file_store: \S+/, "max_file_store: 64MB")
    .replace("listen: 0.0.0.0:6222", `listen: 127.0.0.1:${node.route}`)
    .replace(/nats-route:\/\/n(\d):6222/g, (_, n: string) => `nats-route://127.0.0.1:${nodes[Number(n) - 1]!.route}`);
  mkdirSync(node.storeDir, { recursive: true });
  writeFileSync(join(node.storeDir, "auth.conf"), readFileSync(path("deploy/nats/auth.conf")));
  const file = join(node.storeDir, "cluster.conf");
  writeFileSync(file, text);
  if (node.name === "n1") routePortOfN1 = node.route;
  return file;
}

beforeAll(async () => {
  secrets = join(mkdtempSync(join(tmpdir(), "orbitwin-deploy-cluster-")), "secrets");
  writeDeploySecrets({ dir: secrets });
  cluster = await startLocalCluster(3, { configFileOf: shippedConfig, env: nkeysEnv(secrets) });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dirname(secrets), { recursive: true, force: true });
}, 60_000);

/**
 * Opens a route connection to n1 as a node would (a route starts with the TLS handshake), then
 * sends CONNECT and PING. Resolves "accepted" when the node answers (its INFO), "refused" when
 * the connection fails first.
 */
function tryRoute(tls: { cert?: Buffer; key?: Buffer }): Promise<"accepted" | "refused"> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ port: routePortOfN1, host: "127.0.0.1", ca: readFileSync(join(secrets, "ca.pem")), servername: "localhost", ...tls });
    socket.once("secureConnect", () => socket.write('CONNECT {"verbose":false,"pedantic":false,"name":"probe"}\r\nPING\r\n'));
    socket.once("data", () => {
      socket.destroy();
      resolve("accepted");
    });
    socket.once("error", () => resolve("refused"));
    socket.once("close", () => resolve("refused"));
  });
}

describe("the shipped NATS cluster configs with the secrets of secure init", () => {
  it("form a TLS-routed cluster that a role's client reaches over TLS with its credentials and the CA", async () => {
    const { servers, auth } = connectionAuth({ url: cluster.urls.join(","), credsFile: join(secrets, "operator.creds"), tlsCaFile: join(secrets, "ca.pem") });
    const nc = await connect({ servers, ...auth, name: "deploy-cluster-operator" });
    try {
      // The operator may ask for its account's JetStream info: the meta leader answered across the routes.
      const info = await (await jetstreamManager(nc)).getAccountInfo();
      expect(info.api.errors).toBe(0);
      expect(nc.info?.tls_required).toBe(true);
    } finally {
      await nc.close();
    }
  });

  it("refuses a client that cannot verify the server's certificate", async () => {
    const { servers, auth } = connectionAuth({ url: cluster.urls[0]!, credsFile: join(secrets, "operator.creds") });
    await expect(connect({ servers, ...auth, reconnect: false, timeout: 10_000 })).rejects.toThrow();
  });

  it("refuses a route without a certificate of the deployment's CA and takes one with it", async () => {
    expect(await tryRoute({})).toBe("refused");
    expect(await tryRoute({ cert: readFileSync(join(secrets, "server.pem")), key: readFileSync(join(secrets, "server-key.pem")) })).toBe("accepted");
  });
});
