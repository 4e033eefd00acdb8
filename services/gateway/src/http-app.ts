/**
 * The gateway's HTTP face on Fastify: the page's static files, the session, the binary stream,
 * satellite and panel queries, and the operator's control and injection routes. Every request
 * passes the Host allow-list; every POST must come from an allowed Origin, be JSON, and carry the
 * operator token. Refusals are `{ ok: false, error: { code, message } }` naming what is wrong.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ControlVerbs,
  ErrorCodes,
  FaultKinds,
  HealthNames,
  OrbitwinError,
  conjunctionListRequest,
  conjunctionShowRequest,
  decodeUntrusted,
  encodeMessage,
  subjects,
} from "@orbitwin/protocol";
import type { Bus, Logger } from "@orbitwin/runtime";
import { checkHost, checkOrigin, decideRole } from "./access.js";
import {
  AssetParams,
  CommandBody,
  ConjunctionParams,
  ControlParams,
  InjectParams,
  MAX_BODY_BYTES,
  SatelliteQuery,
  StreamQuery,
  type SessionInfo,
} from "./api-schemas.js";
import type { FleetView } from "./fleet-view.js";
import type { PageFiles } from "./page-files.js";
import type { RunHistory } from "./run-history.js";
import { orbitPaths } from "./sky.js";
import type { StreamHub } from "./stream-hub.js";
import { ViewFields } from "./wire.js";

export interface HttpAppParts {
  run: string;
  bus: Bus;
  log: Logger;
  view: FleetView;
  history: RunHistory;
  hub: StreamHub;
  page: PageFiles;
  maxPoints: number;
  /** undefined: nobody may control the run through this gateway */
  operatorToken: string | undefined;
  /** host:port names requests may use (known once listening) */
  allowedHosts: () => ReadonlySet<string>;
  /** false while draining: new requests get 503 */
  accepting: () => boolean;
  /** the greeting a new stream starts with (latest fleet, jobs and events) */
  greeting: () => object[];
}

/** A refusal with its HTTP status. */
export class HttpRefusal extends OrbitwinError {
  override name = "HttpRefusal";
  readonly status: number;
  constructor(status: number, message: string, options: { code?: string; cause?: unknown } = {}) {
    super((options.code ?? (status === 503 ? ErrorCodes.invalidState : ErrorCodes.badRequest)) as typeof ErrorCodes.badRequest, message, {
      cause: options.cause,
    });
    this.status = status;
  }
}

/** Self only: no inline script or style, no framing, no form posts anywhere. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
} as const;

export function buildHttpApp(parts: HttpAppParts): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true }).withTypeProvider<TypeBoxTypeProvider>();
  // Only JSON bodies: a plain HTML form (urlencoded, multipart or text/plain) cannot reach a handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, (body as string).trim() === "" ? {} : JSON.parse(body as string));
    } catch (err) {
      done(new HttpRefusal(400, `request body is not JSON: ${err instanceof Error ? err.message : String(err)}`), undefined);
    }
  });

  app.addHook("onRequest", (req, _reply, done) => {
    done(refuseEarly(req, parts));
  });
  app.addHook("onSend", async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
    // A request answered while draining closes its connection: a kept-alive one would hold the stop.
    if (!parts.accepting()) reply.header("connection", "close");
  });

  app.setErrorHandler((err: unknown, _req, reply) => {
    const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    let refusal: HttpRefusal;
    if (err instanceof HttpRefusal) refusal = err;
    else if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") refusal = new HttpRefusal(413, `request body over ${MAX_BODY_BYTES} bytes`);
    else if (e.validation) refusal = new HttpRefusal(400, `bad request: ${e.message ?? "invalid"}`);
    else if (e.statusCode && e.statusCode < 500) refusal = new HttpRefusal(e.statusCode, e.message ?? "bad request");
    else {
      parts.log.error({ err }, "request failed");
      refusal = new HttpRefusal(500, e.message ?? String(err), { code: ErrorCodes.internal });
    }
    return reply.status(refusal.status).send({ ok: false, error: { code: refusal.code, message: refusal.message } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ ok: false, error: { code: ErrorCodes.badRequest, message: `nothing at ${req.method} ${req.url.split("?")[0]!.slice(0, 200)}` } }),
  );

  app.get("/", (_req, reply) => sendPageFile(reply, parts.page, "index.html"));
  app.get("/assets/:file", { schema: { params: AssetParams } }, (req, reply) => sendPageFile(reply, parts.page, `assets/${req.params.file}`));
  app.get("/favicon.ico", (_req, reply) => reply.status(204).send());
  app.get("/healthz", () => ({ ok: true }));

  app.get("/api/session", (req): SessionInfo => {
    const { role, reason } = decideRole(parts.operatorToken, header(req, "authorization"));
    return {
      run: parts.run,
      role,
      reason,
      controlVerbs: ControlVerbs,
      faultKinds: FaultKinds,
      healthNames: HealthNames,
      fields: ViewFields,
      maxPoints: parts.maxPoints,
      maxClients: parts.hub.maxClients,
    };
  });

  app.get("/api/stream", { schema: { querystring: StreamQuery } }, (req, reply) => {
    const full = parts.hub.refusal();
    if (full) throw new HttpRefusal(503, full);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { "content-type": "application/octet-stream", "cache-control": "no-store", ...SECURITY_HEADERS });
    res.flushHeaders();
    parts.hub.add(res, req.query.field ?? "health", parts.greeting());
  });

  app.get("/api/history", () => ({ fleet: parts.history.fleet, jobs: parts.history.jobs, events: parts.history.events }));

  app.get("/api/sat", { schema: { querystring: SatelliteQuery } }, (req) => {
    const id = req.query.id;
    const latest = parts.view.satellite(id);
    if (!latest) throw new HttpRefusal(404, `no satellite "${id}" on view in the latest telemetry (a sampled-out satellite has no readings here)`);
    const state = parts.view.stateVector(id);
    return { latest, history: parts.history.satellite(id), events: parts.history.eventsOf(id), paths: state && orbitPaths(state) };
  });

  app.get("/api/conjunctions", async () =>
    forward(parts, conjunctionListRequest.subject(parts.run), { limit: 50 }, "debris-watch (a scenario without a debris section has none)"),
  );
  app.get("/api/conjunctions/:id/cdm", { schema: { params: ConjunctionParams } }, async (req, reply) => {
    const shown = (await forward(parts, conjunctionShowRequest.subject(parts.run), { id: req.params.id, cdm: true }, "debris-watch")) as {
      ok?: boolean;
      result?: { cdm?: string };
      error?: { message?: string };
    };
    if (!shown.ok || typeof shown.result?.cdm !== "string") throw new HttpRefusal(404, shown.error?.message ?? `no CDM for conjunction ${req.params.id}`);
    return reply.type("text/plain; charset=utf-8").header("content-disposition", `attachment; filename="${req.params.id}.cdm.txt"`).send(shown.result.cdm);
  });
  app.get("/api/faults", async () => forward(parts, subjects.serviceEndpoint(parts.run, "faults", "list"), {}, "the fault service"));

  app.post("/api/ctl/:verb", { schema: { params: ControlParams, body: CommandBody } }, async (req) =>
    forward(parts, subjects.control(parts.run, req.params.verb), req.body, "the coordinator"),
  );
  app.post("/api/inject/:fault", { schema: { params: InjectParams, body: CommandBody } }, async (req) =>
    forward(parts, subjects.inject(parts.run, req.params.fault), req.body, "the fault service"),
  );
  return app;
}

/** The checks every request passes before routing: host; and for a POST origin, JSON, the operator's token. */
function refuseEarly(req: FastifyRequest, parts: HttpAppParts): HttpRefusal | undefined {
  if (!parts.accepting()) return new HttpRefusal(503, `the gateway for run ${parts.run} is stopping`);
  // The liveness probe reveals nothing and comes by pod IP: the one route any Host may use.
  if (req.method === "GET" && req.url === "/healthz") return undefined;
  const badHost = checkHost(req.headers.host, parts.allowedHosts());
  if (badHost) return new HttpRefusal(403, badHost);
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const badOrigin = checkOrigin(header(req, "origin"), header(req, "sec-fetch-site"), parts.allowedHosts());
  if (badOrigin) return new HttpRefusal(403, badOrigin);
  const type = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") return new HttpRefusal(415, `content-type "${type || "none"}" is refused: send application/json`);
  const role = decideRole(parts.operatorToken, header(req, "authorization"));
  if (role.role !== "operator") return new HttpRefusal(parts.operatorToken ? 401 : 403, `control and injection need the operator token: ${role.reason}`);
  return undefined;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendPageFile(reply: FastifyReply, page: PageFiles, path: string): FastifyReply {
  const file = page.get(path);
  if (!file) {
    if (path === "index.html") throw new HttpRefusal(503, `the dashboard page is not built (no ${page.dir}index.html): run npm run build`);
    throw new HttpRefusal(404, `no page file ${path}`);
  }
  return reply
    .type(file.type)
    .header("cache-control", path === "index.html" ? "no-store" : "public, max-age=31536000, immutable")
    .send(file.body);
}

/** The run's reply to a request, decoded; a run that does not answer is a 502 naming who should have. */
async function forward(parts: HttpAppParts, subject: string, body: unknown, who: string): Promise<unknown> {
  try {
    const reply = await parts.bus.request(subject, encodeMessage(body), { timeoutMs: 10_000 });
    return decodeUntrusted(reply.data, subject);
  } catch (err) {
    throw new HttpRefusal(502, `${who} did not answer on ${subject}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
