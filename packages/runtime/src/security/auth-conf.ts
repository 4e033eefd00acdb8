/**
 * Renders the users of roles.ts as a nats-server `accounts` block of nkey users, so no config holds
 * a secret: deploy/nats/auth.conf takes each user's public key from the environment (the server
 * refuses to start, naming the variable, while one is unset; `orbitwin secure init` writes them),
 * secure mode's config names the keys it made.
 */
import type { Permissions } from "./roles.js";

/** How the server knows a user: an nkey's public key, written in the config or taken from an environment variable. */
export type Credential = { nkey: string } | { nkeyEnv: string };

export interface AuthConfUser {
  readonly user: string;
  /** what the user is for, written as a comment above it */
  readonly role: string;
  readonly permissions: Permissions;
  readonly credential: Credential;
}

/** The environment variable holding a user's public nkey in deploy/: ORBITWIN_DEBRIS_WATCH_NKEY for debris-watch. */
export function nkeyEnvOf(user: string): string {
  return `ORBITWIN_${user.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_NKEY`;
}

const quote = (subject: string) => JSON.stringify(subject);

function list(subjects: readonly string[], indent: string): string {
  return `[\n${subjects.map((s) => `${indent}  ${quote(s)}`).join("\n")}\n${indent}]`;
}

function renderUser(u: AuthConfUser): string {
  const p = u.permissions;
  const who = "nkeyEnv" in u.credential ? `nkey: $${u.credential.nkeyEnv}` : `nkey: ${u.credential.nkey}`;
  return [
    `      # ${u.user} (role ${u.role})`,
    `      {`,
    `        ${who}`,
    `        permissions: {`,
    `          publish: { allow: ${list(p.publish, "          ")} }`,
    `          subscribe: { allow: ${list(p.subscribe, "          ")} }`,
    ...(p.allowResponses ? [`          allow_responses: true`] : []),
    `        }`,
    `      }`,
  ].join("\n");
}

/** The `accounts` block: one account with JetStream, every user in it with its allow-lists. */
export function renderAuthConf(options: { header: readonly string[]; users: readonly AuthConfUser[] }): string {
  return [
    ...options.header.map((line) => `# ${line}`.trimEnd()),
    `accounts {`,
    `  ORBITWIN {`,
    `    jetstream: enabled`,
    `    users: [`,
    options.users.map(renderUser).join("\n"),
    `    ]`,
    `  }`,
    `}`,
    ``,
  ].join("\n");
}
