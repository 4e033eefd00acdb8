/**
 * A CA made for one deployment and one NATS server certificate signed by it, written with
 * `openssl` (Node has no X.509 writer; openssl is on every machine that runs nats-server in
 * practice). The server certificate serves clients and, on a cluster, authenticates each node to
 * the others on its routes (extended key usage serverAuth and clientAuth). The CA's key is deleted
 * once the certificate is signed, so nothing else can be signed with it: making more means a new CA.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

export interface ServerCertificateOptions {
  /** folder the files go in (it exists, mode 0700) */
  dir: string;
  /** the names and IP addresses clients and peer nodes reach the server by (subjectAltName) */
  hosts: readonly string[];
  /** days the CA and the certificate stay valid */
  days: number;
  /** the CA's common name, which says what it is for */
  caName: string;
  /** what needs openssl, for its refusal ("--secure") */
  purpose: string;
}

export interface ServerCertificate {
  /** the CA certificate clients and peer nodes verify with */
  caFile: string;
  certFile: string;
  /** mode 0600 */
  keyFile: string;
}

/** `name` is a DNS name or an IP address a certificate may carry. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function makeServerCertificate(options: ServerCertificateOptions): ServerCertificate {
  const bad = options.hosts.find((h) => isIP(h) === 0 && !HOST_NAME.test(h));
  if (bad !== undefined) throw new OrbitwinError(ErrorCodes.invalidConfig, `"${bad}" is not a host name or an IP address a certificate can name`);
  const dir = options.dir;
  const caFile = join(dir, "ca.pem");
  const caKey = join(dir, "ca-key.pem");
  const certFile = join(dir, "server.pem");
  const keyFile = join(dir, "server-key.pem");
  const csr = join(dir, "server.csr");
  const ext = join(dir, "server.ext");
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  const days = String(options.days);
  const names = options.hosts.map((h) => (isIP(h) === 0 ? `DNS:${h}` : `IP:${h}`)).join(", ");
  writeFileSync(ext, `subjectAltName = ${names}\nextendedKeyUsage = serverAuth, clientAuth\n`, { mode: 0o600 });
  try {
    openssl(["req", "-x509", ...ec, "-keyout", caKey, "-out", caFile, "-days", days, "-subj", `/CN=${options.caName}`], options.purpose);
    openssl(["req", ...ec, "-keyout", keyFile, "-out", csr, "-subj", `/CN=${options.hosts[0] ?? "nats"}`], options.purpose);
    openssl(["x509", "-req", "-in", csr, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-out", certFile, "-days", days, "-extfile", ext], options.purpose);
    chmodSync(keyFile, 0o600);
  } finally {
    for (const f of [caKey, csr, ext, join(dir, "ca.srl")]) rmSync(f, { force: true });
  }
  return { caFile, certFile, keyFile };
}

function openssl(args: string[], purpose: string): void {
  const r = spawnSync("openssl", args, { encoding: "utf8", timeout: 30_000 });
  if (r.error || r.status !== 0) {
    throw new OrbitwinError(
      ErrorCodes.invalidConfig,
      `${purpose} makes TLS certificates with openssl, which ${r.error ? `could not run (${r.error.message}): install it (Debian/Ubuntu: apt-get install openssl)` : `failed: ${r.stderr.trim().split("\n").at(-1) ?? ""}`}`,
      { cause: r.error },
    );
  }
}
