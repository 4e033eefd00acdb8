/**
 * `orbitwin secure init DIR`: the secrets of a deployment (deploy/, docker compose, Kubernetes),
 * made offline with the same code as secure mode. DIR (mode 0700, every file 0600) gets:
 *
 *   <user>.creds    one nkey user per role (roles.ts): the seed, for that role's processes only
 *   nkeys.env       every user's public key as ORBITWIN_<USER>_NKEY=..., what auth.conf reads
 *   ca.pem          the CA clients and NATS nodes verify certificates with
 *   server.pem, server-key.pem   the NATS nodes' certificate: client TLS and route TLS (mutual)
 *
 * The CA's key is not kept: a new certificate means running init again into a new folder.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { nkeyEnvOf } from "./auth-conf.js";
import { makeServerCertificate } from "./certificates.js";
import { writeNkeyCredentials } from "./credentials.js";
import { Roles } from "./roles.js";

/**
 * Names the NATS nodes are reached by in the shipped deployments: compose's `nats` and the
 * cluster override's n1..n3, Kubernetes' client Service and StatefulSet pods, and loopback.
 */
export const DEPLOY_NATS_HOSTS: readonly string[] = [
  "nats",
  "n1",
  "n2",
  "n3",
  "nats-0.nats-headless",
  "nats-1.nats-headless",
  "nats-2.nats-headless",
  "localhost",
  "127.0.0.1",
];

/** Days the deployment's CA and certificate stay valid. */
const DEPLOY_CERTIFICATE_DAYS = 365;

export interface DeploySecretsOptions {
  /** the folder to create; refused when it exists and holds files */
  dir: string;
  /** names and addresses of the NATS nodes besides DEPLOY_NATS_HOSTS. @default none */
  extraHosts?: readonly string[];
}

export interface DeploySecrets {
  /** the files written, relative to dir */
  readonly files: readonly string[];
}

export function writeDeploySecrets(options: DeploySecretsOptions): DeploySecrets {
  const dir = options.dir;
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new OrbitwinError(ErrorCodes.invalidConfig, `${dir} already holds files: secure init writes into a new or empty folder, never over secrets in use`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const env = Roles.map((user) => `${nkeyEnvOf(user)}=${writeNkeyCredentials(join(dir, `${user}.creds`), user)}`);
  writeFileSync(join(dir, "nkeys.env"), env.join("\n") + "\n", { mode: 0o600 });
  makeServerCertificate({
    dir,
    hosts: [...new Set([...DEPLOY_NATS_HOSTS, ...(options.extraHosts ?? [])])],
    days: DEPLOY_CERTIFICATE_DAYS,
    caName: "orbitwin deployment CA",
    purpose: "orbitwin secure init",
  });
  const files = readdirSync(dir).sort();
  // The certificates are public, but one rule for the whole folder is easier to keep.
  for (const f of files) chmodSync(join(dir, f), 0o600);
  return { files };
}
