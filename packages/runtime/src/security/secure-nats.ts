/**
 * What `orbitwin up --secure` / `run --secure` give their nats-server: a user per role of the run
 * (roles.ts) known by an nkey (the server config holds public keys only), a credentials file per
 * user, and TLS with a CA made for this run (127.0.0.1 and localhost). Everything secret lives in
 * one folder of mode 0700, each file 0600; the CA's key is deleted once the server's certificate
 * is signed, so nothing else can be signed with it. The certificates come from `openssl`
 * (Node has no X.509 writer), which is on every machine that has nats-server in practice.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nkeys } from "@nats-io/transport-node";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";
import { renderAuthConf } from "./auth-conf.js";
import { writeCredentialsFile } from "./credentials.js";
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
  const authUsers = users.map((u) => {
    const kp = nkeys.createUser();
    writeCredentialsFile(credsFileOf(u.user), { user: u.user, nkeySeed: new TextDecoder().decode(kp.getSeed()) });
    return { ...u, credential: { nkey: kp.getPublicKey() } };
  });
  const tls = makeServerCertificate(dir);
  const auth = renderAuthConf({ header: [`secure mode of run ${options.run}: nkey users, public keys only`], users: authUsers });
  const tlsBlock = `tls {\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n  timeout: 5\n}\n`;
  return { dir, caFile: tls.caFile, serverConfig: `${auth}${tlsBlock}`, credsFileOf: (user) => credsFileOf(user) };
}

/** A CA and a server certificate for 127.0.0.1 and localhost, signed by it; the CA key is then deleted. */
function makeServerCertificate(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const caFile = join(dir, "ca.pem");
  const caKey = join(dir, "ca-key.pem");
  const certFile = join(dir, "server.pem");
  const keyFile = join(dir, "server-key.pem");
  const csr = join(dir, "server.csr");
  const ext = join(dir, "server.ext");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  writeFileSync(ext, "subjectAltName = IP:127.0.0.1, DNS:localhost\nextendedKeyUsage = serverAuth\n", { mode: 0o600 });
  try {
    openssl(["req", "-x509", ...ec, "-keyout", caKey, "-out", caFile, "-days", "30", "-subj", "/CN=orbitwin secure mode CA"]);
    openssl(["req", ...ec, "-keyout", keyFile, "-out", csr, "-subj", "/CN=localhost"]);
    openssl(["x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-out", certFile, "-days", "30", "-extfile", ext]);
    chmodSync(keyFile, 0o600);
  } finally {
    for (const f of [caKey, csr, ext, join(dir, "ca.srl")]) rmSync(f, { force: true });
  }
  return { caFile, certFile, keyFile };
}

function openssl(args: string[]): void {
  const r = spawnSync("openssl", args, { encoding: "utf8", timeout: 30_000 });
  if (r.error || r.status !== 0) {
    throw new OrbitwinError(
      ErrorCodes.invalidConfig,
      `--secure makes TLS certificates with openssl, which ${r.error ? `could not run (${r.error.message}): install it (Debian/Ubuntu: apt-get install openssl)` : `failed: ${r.stderr.trim().split("\n").at(-1) ?? ""}`}`,
      { cause: r.error },
    );
  }
}
