/**
 * Who a NATS connection is, from its options, its URL (`nats://user:pass@host`) or a credentials
 * file (ORBITWIN_CREDS), and how it proves it: a password or an nkey signature, over TLS when a CA
 * is given (ORBITWIN_TLS_CA); its inbox prefix follows from the user, as its role requires.
 */
import { nkeyAuthenticator, type ConnectionOptions } from "@nats-io/transport-node";
import { readCredentialsFile } from "../security/credentials.js";
import { inboxPrefix } from "../security/roles.js";

export interface AuthOptions {
  /** nats://host:port, comma-separated for a cluster; `nats://user:pass@host:port` works too. */
  url: string;
  user?: string;
  pass?: string;
  token?: string;
  /** An nkey user seed (`SU...`): the connection signs the server's challenge with it (secure mode). */
  nkeySeed?: string;
  /**
   * Prefix of this connection's reply inboxes. A role may subscribe only under its own
   * (`_INBOX_<user>`, roles.ts), so no client reads another's replies. @default "_INBOX"
   */
  inboxPrefix?: string;
  /** A PEM file of the CA that signed the server's certificate: the connection then requires TLS. @default ORBITWIN_TLS_CA */
  tlsCaFile?: string;
  /**
   * A credentials file (security/credentials.ts): the user, its nkey seed or password, and from
   * the user its inbox prefix. Explicit user/pass/nkeySeed/inboxPrefix win. @default ORBITWIN_CREDS
   */
  credsFile?: string;
}

export function connectionAuth(options: AuthOptions): { servers: string[]; auth: Partial<ConnectionOptions> } {
  const { servers, user, pass } = splitCredentials(options.url);
  // Like ORBITWIN_REPLICAS, read here so that every connection of a process (a service's second
  // one, the coordinator's lease) connects as the same user without each caller passing it on.
  const credsFile = options.credsFile ?? (process.env.ORBITWIN_CREDS || undefined);
  const creds = credsFile ? readCredentialsFile(credsFile) : undefined;
  const tlsCaFile = options.tlsCaFile ?? (process.env.ORBITWIN_TLS_CA || undefined);
  const login = options.user ?? user ?? creds?.user;
  const password = options.pass ?? pass ?? creds?.password;
  const nkeySeed = options.nkeySeed ?? creds?.nkeySeed;
  // A role may read replies only under its own prefix (roles.ts), whichever way the user is named.
  const inbox = options.inboxPrefix ?? (login ? inboxPrefix(login) : undefined);
  return {
    servers,
    auth: {
      // An nkey user has no password: the server knows it by its public key, not by name.
      ...(login && !nkeySeed ? { user: login } : {}),
      ...(password ? { pass: password } : {}),
      ...(options.token ? { token: options.token } : {}),
      ...(nkeySeed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(nkeySeed)) } : {}),
      ...(inbox ? { inboxPrefix: inbox } : {}),
      ...(tlsCaFile ? { tls: { caFile: tlsCaFile } } : {}),
    },
  };
}

/** nats://user:pass@host:4222,host2:4222 -> servers without credentials, plus the credentials. */
function splitCredentials(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url.split(",").map((part) => {
    const m = /^(\w+:\/\/)?([^@/]+)@(.+)$/.exec(part.trim());
    if (!m) return part.trim();
    const colon = m[2]!.indexOf(":");
    user = decodeURIComponent(colon < 0 ? m[2]! : m[2]!.slice(0, colon));
    pass = colon < 0 ? undefined : decodeURIComponent(m[2]!.slice(colon + 1));
    return `${m[1] ?? ""}${m[3]}`;
  });
  return { servers, ...(user ? { user } : {}), ...(pass ? { pass } : {}) };
}
