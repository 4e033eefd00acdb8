/**
 * What `orbitwin up --secure` / `run --secure` give their nats-server: a user per role of the run
 * (roles.ts) known by an nkey (the server config holds public keys only), a credentials file per
 * user, and TLS with a CA made for this run (127.0.0.1 and localhost). Everything secret lives in
 * one folder of mode 0700, each file 0600; the CA's key is deleted once the server's certificate
 * is signed, so nothing else can be signed with it (certificates.ts).
 */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { renderAuthConf } from "./auth-conf.js";
import { makeServerCertificate } from "./certificates.js";
import { writeNkeyCredentials } from "./credentials.js";
import { roleUsers } from "./roles.js";

export interface SecureNats {
  /** the folder of the secrets (0700) */
  readonly dir: string;
  /** the CA certificate clients verify the server with (ORBITWIN_TLS_CA) */
  readonly caFile: string;
  /** the nats-server config lines: the accounts block and the tls block */
  readonly serverConfig: string;
  /** The credentials file of a user (ORBITWIN_CREDS): a role, or `fleet-<host>` for a fleet host. */
  credsFileOf(user: string): string;
}

export interface SecureNatsOptions {
  /** folder for the secrets, created with mode 0700 */
  dir: string;
  run: string;
  /** each fleet host process's ids (the process's own, or one per thread): each gets a user pinned to them */
  fleetHosts: readonly (readonly string[])[];
}

export function prepareSecureNats(options: SecureNatsOptions): SecureNats {
  const dir = options.dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const users = roleUsers({ run: options.run, fleetHosts: options.fleetHosts });
  const credsFileOf = (user: string) => join(dir, `${user}.creds`);
  const authUsers = users.map((u) => ({ ...u, credential: { nkey: writeNkeyCredentials(credsFileOf(u.user), u.user) } }));
  const tls = makeServerCertificate({ dir, hosts: ["127.0.0.1", "localhost"], days: 30, caName: "orbitwin secure mode CA", purpose: "--secure" });
  const auth = renderAuthConf({ header: [`secure mode of run ${options.run}: nkey users, public keys only`], users: authUsers });
  const tlsBlock = `tls {\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n  timeout: 5\n}\n`;
  return { dir, caFile: tls.caFile, serverConfig: `${auth}${tlsBlock}`, credsFileOf: (user) => credsFileOf(user) };
}
