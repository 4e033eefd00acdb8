/**
 * Who may do what through the gateway, as pure decisions tested alone. Two roles: a viewer (no
 * token, or a wrong one) sees the run; the operator (the token `orbitwin up` printed, sent in the
 * `authorization: Bearer` header, never in a URL) may also control it and inject faults. Every
 * request must name an allowed Host (a page on a rebinding DNS name gets nothing), and a request
 * that comes from a browser page must come from an allowed Origin (a page on another origin, or a
 * plain HTML form, cannot pause, stop or inject).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type Role = "operator" | "viewer";

export interface RoleDecision {
  role: Role;
  /** for people: why this role */
  reason: string;
}

/** The token compared in constant time (both sides hashed first, so their lengths leak nothing either). */
export function decideRole(operatorToken: string | undefined, authorization: string | undefined): RoleDecision {
  if (!operatorToken) return { role: "viewer", reason: "this gateway has no operator token (ORBITWIN_GATEWAY_TOKEN): control and injection are off" };
  const match = /^Bearer (\S+)$/.exec(authorization ?? "");
  if (!match) return { role: "viewer", reason: "no operator token given: paste the token `orbitwin up` printed to control the run" };
  const given = createHash("sha256").update(match[1]!).digest();
  const expected = createHash("sha256").update(operatorToken).digest();
  return timingSafeEqual(given, expected)
    ? { role: "operator", reason: "operator token accepted" }
    : { role: "viewer", reason: "the token given is not this run's operator token" };
}

/**
 * The hosts a request may name: the address the gateway listens on and, for loopback or a
 * wildcard address, the names of loopback, each with the port; plus any the operator allowed
 * (host:port).
 */
export function allowedHosts(bind: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set([bind.includes(":") ? `[${bind}]` : bind]);
  // Loopback names too when listening on loopback or everywhere (a port-forward, a container's published port).
  if (["127.0.0.1", "localhost", "::1", "0.0.0.0", "::"].includes(bind)) for (const n of ["127.0.0.1", "localhost", "[::1]"]) names.add(n);
  return new Set([...[...names].map((n) => `${n}:${port}`), ...extra.map((h) => h.toLowerCase())]);
}

/** Refusal text when a request's Host is not allowed, undefined when it is. */
export function checkHost(host: string | undefined, allowed: ReadonlySet<string>): string | undefined {
  if (host && allowed.has(host.toLowerCase())) return undefined;
  return `host "${(host ?? "").slice(0, 100)}" is not one this gateway serves: use ${[...allowed].join(" or ")} (or add it with --allow-host)`;
}

/**
 * Refusal text for a request from a page on another origin, undefined otherwise. Browsers send
 * Origin with every POST (forms included) and mark cross-site fetches in Sec-Fetch-Site; tools
 * such as curl send neither and are judged by their token alone.
 */
export function checkOrigin(origin: string | undefined, secFetchSite: string | undefined, allowedHosts: ReadonlySet<string>): string | undefined {
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      const url = new URL(origin);
      host = url.protocol === "http:" || url.protocol === "https:" ? url.host : undefined;
    } catch {
      host = undefined;
    }
    if (!host || !allowedHosts.has(host.toLowerCase())) return `origin "${origin.slice(0, 100)}" may not use this gateway: only pages it serves may`;
  }
  if (secFetchSite === "cross-site") return "a cross-site request may not use this gateway: only pages it serves may";
  return undefined;
}
