/**
 * The Kubernetes manifests in deploy/k8s, checked without a cluster: every overlay renders with
 * `kubectl kustomize`, every rendered object is valid against the Kubernetes schema
 * (kubernetes-models) with no field the schema does not know, and the properties a deployment of
 * the twin depends on hold: NATS hardened as deploy/nats is (client TLS, mutual TLS on routes),
 * JetStream replicated on three nodes in prod, no secret in any ConfigMap or argument, each
 * process with its own role's credentials mounted from a Secret, one run id and one NATS address
 * for every process, and fleet hosts scaled by the fleet Deployment's replicas.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigMap, Namespace, Service, type IContainer, type IPodSpec } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { parseScenario } from "@orbitwin/protocol";
import { FLEET_HOST_HEAP_FLAG } from "../services/fleet/src/fleet-threads.js";
import { findNatsServerBinary } from "../packages/runtime/src/nats-server.js";
import { configForServer, nkeysEnv } from "./harness/nats-config-check.js";
import { writeDeploySecrets } from "../packages/runtime/src/security/deploy-secrets.js";

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const OVERLAYS = readdirSync(path("deploy/k8s/overlays"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const NAMESPACE = "orbitwin";
/** The Secret each role's pods mount (nats.creds, ca.pem), made from `orbitwin secure init`. */
const credsSecretOf = (role: string) => `orbitwin-creds-${role}`;
const NATS_SECRET = "orbitwin-nats-server";
const NKEYS_CONFIG = "orbitwin-nats-nkeys";
/** An nkey seed (user, account, operator, server): never in a rendered object. */
const NKEY_SEED = /\bS[UAONC][A-Z2-7]{50,}/;
/** The clock participants a coordinator can be told to wait for, each run by its own Deployment. */
const PARTICIPANTS = ["thermal", "scheduler", "debris-watch"];

type Model = { validate(): void };
const MODELS: Record<string, new (data: never) => Model> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/StatefulSet": StatefulSet,
  "apps/v1/Deployment": Deployment,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

interface Rendered {
  objects: Record<string, unknown>[];
  configMaps: Map<string, Record<string, string>>;
  deployments: Map<string, Deployment>;
  nats: StatefulSet;
  services: Map<string, Service>;
}

const rendered = new Map<string, Rendered>();
let secrets: string;
beforeAll(() => {
  secrets = join(mkdtempSync(join(tmpdir(), "orbitwin-k8s-secrets-")), "secrets");
  writeDeploySecrets({ dir: secrets });
});
afterAll(() => rmSync(dirname(secrets), { recursive: true, force: true }));

function render(overlay: string): Rendered {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  const out = spawnSync("kubectl", ["kustomize", path(`deploy/k8s/overlays/${overlay}`)], { encoding: "utf8" });
  expect(out.error, "kubectl on the PATH (the client alone: `kubectl kustomize` needs no cluster)").toBeUndefined();
  expect(out.status, out.stderr).toBe(0);
  const objects = parseAllDocuments(out.stdout).map((d) => d.toJS() as Record<string, unknown>);
  const named = <T>(kind: string, make: (o: never) => T) =>
    new Map(objects.filter((o) => o.kind === kind).map((o) => [(o.metadata as { name: string }).name, make(o as never)]));
  const result: Rendered = {
    objects,
    configMaps: named("ConfigMap", (o: { data?: Record<string, string> }) => o.data ?? {}),
    deployments: named("Deployment", (o) => new Deployment(o)),
    nats: named("StatefulSet", (o) => new StatefulSet(o)).get("nats")!,
    services: named("Service", (o) => new Service(o)),
  };
  expect(result.nats, `${overlay} has the StatefulSet nats`).toBeDefined();
  rendered.set(overlay, result);
  return result;
}

/** Paths of object keys the schema ignores: replaced by a value no Kubernetes type accepts, the object stays valid. */
function unknownFields(model: new (data: never) => Model, object: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  const valid = (o: unknown) => {
    try {
      new model(o as never).validate();
      return true;
    } catch {
      return false;
    }
  };
  const walk = (node: unknown, at: string[]) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...at, String(i)]));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        const probe = structuredClone(object);
        let parent = probe;
        for (const step of at) parent = parent[step] as Record<string, unknown>;
        parent[key] = [[]];
        if (valid(probe)) unknown.push([...at, key].join("."));
        else walk(value, [...at, key]);
      }
    }
  };
  walk(object, []);
  return unknown;
}

/** A ConfigMap by the name the manifests gave it (kustomize appends a content hash). */
function configMap(r: Rendered, name: string): Record<string, string> {
  const found = [...r.configMaps].filter(([n]) => n === name || n.replace(/-[a-z0-9]{10}$/, "") === name);
  expect(
    found.map(([n]) => n),
    `one ConfigMap ${name}`,
  ).toHaveLength(1);
  return found[0]![1];
}

const podSpec = (workload: Deployment | StatefulSet): IPodSpec => workload.spec!.template.spec!;
const orbitwinContainers = (r: Rendered) => [...r.deployments].map(([name, d]) => ({ name, container: podSpec(d).containers[0]! }));

/**
 * A container's environment as the kubelet builds it: envFrom, then env in order, `$(VAR)`
 * expanded from what came before; a Secret's value stands as `<secret:NAME/KEY>`.
 */
function environment(r: Rendered, container: IContainer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) Object.assign(env, r.configMaps.get(source.configMapRef!.name!)!);
  const expand = (value: string) => value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
  for (const e of container.env ?? []) {
    const secret = e.valueFrom?.secretKeyRef;
    if (secret) env[e.name] = `<secret:${secret.name}/${secret.key}>`;
    else if (e.valueFrom?.fieldRef) env[e.name] = `<field:${e.valueFrom.fieldRef.fieldPath}>`;
    else env[e.name] = expand(e.value ?? "");
  }
  return env;
}

const expandArgs = (env: Record<string, string>, args: string[]) =>
  args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole));

/** Bytes or cores of a Kubernetes quantity in the forms these manifests use. */
function quantity(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(q));
  expect(m, `quantity ${q} in a form this test reads (m, Ki, Mi, Gi)`).not.toBeNull();
  const scale = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[m![2] as "m"] ?? 1;
  return Number(m![1]) * scale;
}

describe.each(OVERLAYS)("deploy/k8s/overlays/%s", (overlay) => {
  it("renders with kubectl kustomize into objects valid against the Kubernetes schema, with no unknown field", () => {
    const r = render(overlay);
    expect(r.objects.length).toBeGreaterThan(0);
    for (const object of r.objects) {
      const id = `${String(object.kind)} ${(object.metadata as { name?: string } | undefined)?.name ?? "?"}`;
      const model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
      expect(model, `${id}: a kubernetes-models class for ${String(object.apiVersion)} ${String(object.kind)} in this test`).toBeDefined();
      expect(() => new model!(object as never).validate(), id).not.toThrow();
      expect(unknownFields(model!, object), `${id}: fields the schema does not know`).toEqual([]);
      if (object.kind !== "Namespace") expect((object.metadata as { namespace?: string }).namespace, id).toBe(NAMESPACE);
    }
  });

  it("configures NATS as deploy/nats does: JetStream on a volume, loopback monitoring, no other listener, no anonymous user", () => {
    const r = render(overlay);
    const conf = configMap(r, "nats-config");
    expect(conf["auth.conf"], "auth.conf is deploy/k8s/base/auth.conf, the roles rendered for the run").toBe(
      readFileSync(path("deploy/k8s/base/auth.conf"), "utf8"),
    );
    const server = conf["nats.conf"]!;
    expect(server).toMatch(/^include \.\/auth\.conf$/m);
    expect(server).toMatch(/^http: 127\.0\.0\.1:8222$/m);
    expect(/^tls \{([^}]*)\}/m.exec(server)?.[1], "clients over TLS only").toMatch(/cert_file: \/etc\/nats\/secrets\/server\.pem/);
    const text = Object.values(conf).join("\n");
    expect(text).not.toMatch(/^\s*(websocket|leafnodes?|mqtt|gateway)\s*[:{]/im);
    expect(text).not.toMatch(/^\s*no_auth_user\s*[:=\s]/m);
    const storeDir = /^\s*store_dir:\s*(\S+)$/m.exec(/jetstream\s*\{[^}]*\}/.exec(server)?.[0] ?? "")?.[1];
    expect(storeDir, "a jetstream block with a store_dir").toBeDefined();

    const spec = podSpec(r.nats);
    const nats = spec.containers.find((c) => c.name === "nats")!;
    const data = nats.volumeMounts!.find((m) => storeDir!.startsWith(`${m.mountPath}/`));
    expect(data?.name, "the store_dir is on the volume claimed for each node").toBe(r.nats.spec!.volumeClaimTemplates![0]!.metadata!.name);
    expect(nats.args).toEqual(["-c", `${nats.volumeMounts!.find((m) => m.name === "config")!.mountPath}/nats.conf`]);
    expect(spec.volumes!.find((v) => v.name === "config")!.configMap!.name).toMatch(/^nats-config-/);
    expect(nats.ports!.map((p) => p.containerPort).sort()).toEqual([4222, 6222]);
    for (const [name, service] of r.services)
      expect(
        service.spec!.ports!.map((p) => p.port),
        `Service ${name}`,
      ).not.toContain(8222);
    const compose = parse(readFileSync(path("docker-compose.yml"), "utf8")) as { services: { nats: { image: string } } };
    expect(nats.image, "the NATS image of docker-compose.yml").toBe(compose.services.nats.image);
  });

  it("gives nats-server a configuration it accepts", () => {
    const binary = findNatsServerBinary();
    expect(binary, "nats-server on the PATH").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "orbitwin-k8s-nats-"));
    for (const [file, text] of Object.entries(configMap(render(overlay), "nats-config")))
      writeFileSync(join(dir, file), configForServer(binary!, text, secrets));
    const env = { ...process.env, POD_NAME: "nats-0", ...nkeysEnv(secrets) };
    const checked = spawnSync(binary!, ["-t", "-c", join(dir, "nats.conf")], { env, encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
    expect(checked.status, checked.stderr).toBe(0);
  });

  it("routes every NATS node to all the others and keeps streams on as many copies as there are nodes", () => {
    const r = render(overlay);
    const nodes = r.nats.spec!.replicas ?? 1;
    const server = configMap(r, "nats-config")["nats.conf"]!;
    const replicas = Number(configMap(r, "orbitwin-env").ORBITWIN_REPLICAS);
    expect(replicas, "ORBITWIN_REPLICAS").toBe(nodes >= 3 ? 3 : 1);
    const headless = r.services.get(r.nats.spec!.serviceName!)!;
    expect(headless.spec!.clusterIP).toBe("None");
    expect(headless.spec!.publishNotReadyAddresses).toBe(true);
    const routes = [...server.matchAll(/nats-route:\/\/([\w.-]+):6222/g)].map((m) => m[1]);
    if (nodes === 1) expect(routes).toEqual([]);
    else {
      expect(server).toMatch(/^cluster\s*\{/m);
      expect(server, "every write synced before its ack").toMatch(/^\s*sync_interval: always$/m);
      const routeTls = /tls \{([^}]*)\}/.exec(/^cluster \{[\s\S]*?^\}/m.exec(server)?.[0] ?? "")?.[1] ?? "";
      expect(routeTls, "routes: mutual TLS with the deployment's CA").toMatch(/ca_file: \/etc\/nats\/secrets\/ca\.pem[\s\S]*verify: true/);
      expect(routes).toEqual(Array.from({ length: nodes }, (_, i) => `nats-${i}.${headless.metadata!.name}`));
    }
  });

  it("keeps every secret out of ConfigMaps and arguments, and mounts each role's credentials from its own Secret", () => {
    const r = render(overlay);
    expect(
      r.objects.filter((o) => o.kind === "Secret"),
      "no Secret is generated from the repository",
    ).toEqual([]);
    for (const [name, data] of r.configMaps) {
      const text = Object.values(data).join("\n");
      expect(text, `ConfigMap ${name}: no nkey seed`).not.toMatch(NKEY_SEED);
      expect(text, `ConfigMap ${name}: no password`).not.toMatch(/\bpassword\s*[:=]/i);
      expect(text, `ConfigMap ${name}: no credentials in a URL`).not.toMatch(/\w+:\/\/[^/\s:@]+:[^/\s@]+@/);
    }
    const natsSpec = podSpec(r.nats);
    const nats = natsSpec.containers[0]!;
    expect(nats.envFrom?.map((e) => e.configMapRef?.name)).toEqual([NKEYS_CONFIG]);
    const tls = natsSpec.volumes!.find((v) => v.secret?.secretName === NATS_SECRET)!;
    expect(nats.volumeMounts!.find((m) => m.name === tls.name)?.mountPath, "the certificate where nats.conf reads it").toBe("/etc/nats/secrets");
    for (const { name, container } of orbitwinContainers(r)) {
      const spec = podSpec(r.deployments.get(name)!);
      const role = name === "coordinator-standby" ? "coordinator" : name;
      const env = environment(r, container);
      const creds = spec.volumes!.find((v) => v.secret !== undefined)!;
      expect(creds.secret, `${name}: its role's Secret, read by the pod's group only`).toEqual({ secretName: credsSecretOf(role), defaultMode: 0o440 });
      expect(spec.securityContext?.fsGroup, `${name}: the group the Secret is mounted for`).toBe(spec.securityContext?.runAsGroup);
      const mountPath = container.volumeMounts!.find((m) => m.name === creds.name)!.mountPath;
      expect(env.ORBITWIN_CREDS, name).toBe(`${mountPath}/nats.creds`);
      expect(env.ORBITWIN_TLS_CA, name).toBe(`${mountPath}/ca.pem`);
      expect(
        (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef),
        `${name}: no secret in the environment`,
      ).toEqual([]);
      expect([...(container.command ?? []), ...(container.args ?? [])].join(" "), `${name}: nothing secret in argv`).not.toMatch(
        /creds|seed|pass|token|secret/i,
      );
    }
  });

  it("points every orbitwin process at the NATS client Service with one run id: the scenario's", () => {
    const r = render(overlay);
    const client = r.services.get("nats")!;
    expect(client.spec!.clusterIP, "the client Service balances over the nodes").toBeUndefined();
    const port = client.spec!.ports!.find((p) => p.name === "client")!.port;
    const scenario = parseScenario(configMap(r, "orbitwin-scenario")["scenario.yaml"]!, "orbitwin-scenario");
    expect(orbitwinContainers(r).length).toBeGreaterThan(0);
    for (const { name, container } of orbitwinContainers(r)) {
      const env = environment(r, container);
      expect(env.NATS_URL, `${name}: NATS_URL, no credentials in it`).toBe(`nats://nats:${port}`);
      expect(env.ORBITWIN_RUN, `${name}: ORBITWIN_RUN`).toBe(scenario.name);
      expect(env.ORBITWIN_REPLICAS, `${name}: ORBITWIN_REPLICAS`).toBe(configMap(r, "orbitwin-env").ORBITWIN_REPLICAS);
      expect(container.image, name).toBe(podSpec(r.deployments.get("fleet")!).containers[0]!.image);
      expect(expandArgs(env, [...(container.command ?? []), ...(container.args ?? [])]).join(" "), `${name}: every $(VAR) defined`).not.toMatch(/\$\(/);
      if (container.args!.includes("--scenario")) {
        const scenarioArg = container.args![container.args!.indexOf("--scenario") + 1]!;
        const mount = container.volumeMounts!.find((m) => scenarioArg.startsWith(`${m.mountPath}/`))!;
        expect(podSpec(r.deployments.get(name)!).volumes!.find((v) => v.name === mount.name)!.configMap!.name, name).toMatch(/^orbitwin-scenario-/);
      }
    }
  });

  it("runs one fleet host per replica of the fleet Deployment, each named after its pod, and the first tick waits for all of them", () => {
    const r = render(overlay);
    const fleet = r.deployments.get("fleet")!;
    const replicas = fleet.spec!.replicas;
    expect(replicas).toBeGreaterThanOrEqual(1);
    const container = podSpec(fleet).containers[0]!;
    const env = environment(r, container);
    // One host (one thread) per pod: ORBITWIN_MIN_HOSTS counts pods.
    expect(expandArgs(env, container.args!)).toEqual(["serve", "fleet", "--host", "<field:metadata.name>", "--threads", "1"]);
    expect(Number(env.ORBITWIN_MIN_HOSTS), "ORBITWIN_MIN_HOSTS = fleet replicas").toBe(replicas);
    // That one host runs on node's main thread, which only node's command line can size.
    expect(container.command).toEqual(["node", FLEET_HOST_HEAP_FLAG, "packages/cli/dist/main.js"]);
  });

  it("runs one coordinator and one standby, waiting for every participant the manifests run and the scenario uses", () => {
    const r = render(overlay);
    const coordinators = [...r.deployments.values()].filter((d) => podSpec(d).containers[0]!.args!.slice(0, 2).join(" ") === "serve coordinator");
    expect(coordinators.map((d) => d.spec!.replicas)).toEqual([1, 1]);
    const args = coordinators.map((d) => podSpec(d).containers[0]!.args!);
    expect(args.map((a) => a.includes("--standby")).sort()).toEqual([false, true]);
    const scenario = parseScenario(configMap(r, "orbitwin-scenario")["scenario.yaml"]!, "orbitwin-scenario");
    const used = {
      thermal: scenario.bus !== undefined && scenario.thermal?.enabled !== false,
      scheduler: scenario.scheduler !== undefined,
      "debris-watch": scenario.debris !== undefined,
    };
    const running = PARTICIPANTS.filter((p) => r.deployments.has(p));
    expect(
      running.filter((p) => !used[p as keyof typeof used]),
      "participants the scenario gives no work",
    ).toEqual([]);
    for (const a of args) {
      expect(a, "a restarted coordinator continues the run").toContain("--resume");
      expect(a[a.indexOf("--require") + 1]!.split(",").sort()).toEqual(running.sort());
      expect(
        a.filter((x) => x !== "--standby"),
        "the standby takes the run over as it was started",
      ).toEqual(args[0]!.filter((x) => x !== "--standby"));
    }
    for (const name of [...running, "coordinator", "coordinator-standby"])
      expect(r.deployments.get(name)!.spec!.strategy?.type, `${name}: never two at once`).toBe("Recreate");
  });

  it("gives every container requests and limits of CPU and memory, and runs every pod unprivileged as a non-root user", () => {
    const r = render(overlay);
    for (const workload of [...r.deployments.values(), r.nats]) {
      const spec = podSpec(workload);
      expect(spec.securityContext?.runAsNonRoot, workload.metadata!.name).toBe(true);
      expect(spec.enableServiceLinks, `${workload.metadata!.name}: no NATS_* variables from service links`).toBe(false);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const id = `${workload.metadata!.name}/${c.name}`;
        expect(c.securityContext?.allowPrivilegeEscalation, id).toBe(false);
        expect(c.securityContext?.capabilities?.drop, id).toEqual(["ALL"]);
        for (const resource of ["cpu", "memory"]) {
          const request = c.resources?.requests?.[resource];
          const limit = c.resources?.limits?.[resource];
          expect(request, `${id}: ${resource} request`).toBeDefined();
          expect(limit, `${id}: ${resource} limit`).toBeDefined();
          expect(quantity(request!), `${id}: ${resource} request <= limit`).toBeLessThanOrEqual(quantity(limit!));
        }
      }
    }
  });
});

describe("deploy/k8s overlays", () => {
  it("include prod: three NATS nodes with JetStream replicated on all three, one per machine", () => {
    expect(OVERLAYS).toEqual(expect.arrayContaining(["dev", "prod"]));
    const prod = render("prod");
    expect(prod.nats.spec!.replicas).toBe(3);
    expect(configMap(prod, "orbitwin-env").ORBITWIN_REPLICAS).toBe("3");
    const antiAffinity = podSpec(prod.nats).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0];
    expect(antiAffinity?.topologyKey).toBe("kubernetes.io/hostname");
    expect(prod.objects.some((o) => o.kind === "PodDisruptionBudget")).toBe(true);
    expect(render("dev").nats.spec!.replicas).toBe(1);
  });
});
