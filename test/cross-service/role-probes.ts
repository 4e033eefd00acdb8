/**
 * What the role matrix (roles.int.test.ts) asks NATS on behalf of each role: may this user publish
 * on a subject, may it subscribe to one. A probe user that sees everything answers every probe
 * request (marked by a header, so the twin's own requests are never answered by it): an allowed
 * publish gets an answer, a denied one NATS's permission error, at once. A subscription NATS
 * refuses is reported before the flush that follows it returns (the server answers in order).
 */
import { connect, headers, nkeyAuthenticator, nkeys, type NatsConnection } from "@nats-io/transport-node";
import { isPermissionDenied } from "@orbitwin/runtime";

export const PROBE_HEADER = "Orbitwin-Role-Probe";

export interface Identity {
  user: string;
  seed: string;
  publicKey: string;
}

/** A fresh nkey user (its seed is its password: it never leaves the test). */
export function newIdentity(user: string): Identity {
  const kp = nkeys.createUser();
  return { user, seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

export async function connectAs(url: string, id: Identity, inboxPrefix?: string): Promise<NatsConnection> {
  return connect({
    servers: url,
    name: `role-probe-${id.user}`,
    authenticator: nkeyAuthenticator(new TextEncoder().encode(id.seed)),
    ...(inboxPrefix ? { inboxPrefix } : {}),
  });
}

/** The probe user's side: answers every marked request, whatever its subject. */
export function answerProbes(nc: NatsConnection): void {
  nc.subscribe(">", {
    callback: (err, msg) => {
      if (!err && msg.reply && msg.headers?.has(PROBE_HEADER)) msg.respond(new Uint8Array([0xc0]));
    },
  });
}

/** True when `nc` may publish on `subject` (the payload is garbage every service refuses: nothing acts on it). */
export async function mayPublish(nc: NatsConnection, subject: string, payload: Uint8Array = new Uint8Array([0xc1])): Promise<boolean> {
  const h = headers();
  h.set(PROBE_HEADER, "1");
  try {
    await nc.request(subject, payload, { headers: h, timeout: 10_000 });
    return true;
  } catch (err) {
    if (isPermissionDenied(err)) return false;
    throw err;
  }
}

/** True when `nc` may subscribe to `subject`. */
export async function maySubscribe(nc: NatsConnection, subject: string): Promise<boolean> {
  let refused = false;
  const sub = nc.subscribe(subject, {
    callback: (err) => {
      if (err) refused = true;
    },
  });
  await nc.flush();
  if (!sub.isClosed()) sub.unsubscribe();
  return !refused;
}
