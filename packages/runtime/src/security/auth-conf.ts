/**
 * Renders the users of roles.ts as a nats-server `accounts` block: deploy/nats/auth.conf (passwords
 * from the environment, so no secret lives in the file and the server refuses to start, naming the
 * variable, when one is unset) and secure mode's config (nkey users: the file holds public keys only).
 */
import type { Permissions } from "./roles.js";

/** How the server knows a user: a password taken from an environment variable, or an nkey's public key. */
export type Credential = { passwordEnv: string } | { nkey: string };

export interface AuthConfUser {
  readonly user: string;
  /** what the user is for, written as a comment above it */
  readonly role: string;
  readonly permissions: Permissions;
  readonly credential: Credential;
}

/** The environment variable holding a user's password in deploy/: ORBITWIN_DEBRIS_WATCH_PASS for debris-watch. */
export function passwordEnvOf(user: string): string {
  return `ORBITWIN_${user.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_PASS`;
}

const quote = (subject: string) => JSON.stringify(subject);

function list(subjects: readonly string[], indent: string): string {
  return `[\n${subjects.map((s) => `${indent}  ${quote(s)}`).join("\n")}\n${indent}]`;
}

function renderUser(u: AuthConfUser): string {
  const p = u.permissions;
  const who = "passwordEnv" in u.credential ? `user: ${quote(u.user)}\n        password: $${u.credential.passwordEnv}` : `nkey: ${u.credential.nkey}`;
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
