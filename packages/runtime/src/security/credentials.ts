/**
 * A NATS user's credentials in a file, never on a command line: `--creds FILE` or ORBITWIN_CREDS
 * names it, secure mode writes one per user (mode 0600 in a 0700 folder). The format is a few
 * `key: value` lines:
 *
 *     user: thermal
 *     nkey-seed: SUA...      (an nkey user; or `password: ...` for a password user)
 *
 * The user name also sets the connection's inbox prefix (`_INBOX_<user>`), which its role pins.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { nkeys } from "@nats-io/transport-node";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

export interface NatsCredentials {
  user: string;
  /** an nkey user seed, `SU...` */
  nkeySeed?: string;
  password?: string;
}

/**
 * Bits of a credentials file's mode no one else may have (like ssh's private keys), except that
 * its group may read it: Kubernetes mounts a Secret for a non-root pod through its fsGroup (0440).
 */
const OPEN_TO_OTHERS = 0o037;

export function readCredentialsFile(path: string): NatsCredentials {
  let text: string;
  try {
    if ((statSync(path).mode & OPEN_TO_OTHERS) !== 0 && process.platform !== "win32") {
      throw new OrbitwinError(ErrorCodes.invalidConfig, `credentials file ${path} may be read by others: chmod 600 ${path}`);
    }
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof OrbitwinError) throw err;
    throw new OrbitwinError(ErrorCodes.invalidConfig, `credentials file ${path} (--creds, ORBITWIN_CREDS): cannot read it (${(err as Error).message})`, {
      cause: err,
    });
  }
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([a-z-]+)\s*:\s*(\S+)\s*$/.exec(line);
    if (m) fields.set(m[1]!, m[2]!);
  }
  const user = fields.get("user");
  const nkeySeed = fields.get("nkey-seed");
  const password = fields.get("password");
  if (!user || (!nkeySeed && !password) || (nkeySeed && password)) {
    throw new OrbitwinError(ErrorCodes.invalidConfig, `credentials file ${path} needs a line "user: NAME" and one of "nkey-seed: SU..." or "password: ..."`);
  }
  if (nkeySeed && !nkeySeed.startsWith("SU"))
    throw new OrbitwinError(ErrorCodes.invalidConfig, `credentials file ${path}: nkey-seed is not a user seed (SU...)`);
  return { user, ...(nkeySeed ? { nkeySeed } : {}), ...(password ? { password } : {}) };
}

/** Makes an nkey user and writes its credentials file (0600); returns its public key, what the server knows it by. */
export function writeNkeyCredentials(path: string, user: string): string {
  const kp = nkeys.createUser();
  writeCredentialsFile(path, { user, nkeySeed: new TextDecoder().decode(kp.getSeed()) });
  return kp.getPublicKey();
}

/** Writes `creds` readable by this user only (mode 0600, also when the file existed). */
export function writeCredentialsFile(path: string, creds: NatsCredentials): void {
  const lines = [
    `# orbitwin NATS credentials of user ${creds.user}: a secret, keep it mode 0600`,
    `user: ${creds.user}`,
    creds.nkeySeed ? `nkey-seed: ${creds.nkeySeed}` : `password: ${creds.password!}`,
  ];
  writeFileSync(path, lines.join("\n") + "\n", { mode: 0o600 });
  chmodSync(path, 0o600);
}
