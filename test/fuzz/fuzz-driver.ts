/**
 * Sends fuzz batches to a live twin and keeps the books: every request must be answered, and a
 * request that changes the run (a command) must be refused, since the fuzz sends commands only in
 * shapes their descriptor refuses or as stale replays. Pub-sub messages go out in one burst per
 * batch; requests go with a bounded window so the client never buffers the whole batch.
 */
import { decodeUntrusted, subjects } from "@orbitwin/protocol";
import type { Bus } from "@orbitwin/runtime";
import { PayloadKinds, type FuzzMessage, type PayloadKind } from "./payloads.js";

/** Families whose publishers are orbitwin's own services: their real messages may be replayed. */
const REPLAYED_FAMILIES = new Set(["clock", "host", "tlm", "sample", "fleet", "evt", "cmd", "op"]);
const CAPTURE_PER_SUBJECT = 4;

export interface FuzzBook {
  sent: number;
  published: number;
  requests: number;
  /** requests answered `ok: false` */
  refused: number;
  /** queries (and idempotent replays) answered `ok: true` */
  answeredOk: number;
  bytes: number;
  /** commands the fuzz would have sent though their descriptor accepts them (not sent) */
  skippedValid: number;
  byKind: Record<PayloadKind, number>;
  /** requests that got no answer (timeout, no responders), with why */
  unanswered: string[];
  /** commands answered `ok: true` or answers that are not a reply, with the subject and kind */
  violations: string[];
}

export function newBook(): FuzzBook {
  return {
    sent: 0,
    published: 0,
    requests: 0,
    refused: 0,
    answeredOk: 0,
    bytes: 0,
    skippedValid: 0,
    byKind: Object.fromEntries(PayloadKinds.map((k) => [k, 0])) as Record<PayloadKind, number>,
    unanswered: [],
    violations: [],
  };
}

/** Records up to a few real messages per subject of a run, from the services' own families, until stopped. */
export function captureRun(bus: Bus, run: string): { captured: Map<string, Uint8Array[]>; stop(): void } {
  const captured = new Map<string, Uint8Array[]>();
  const sub = bus.subscribe(subjects.allOfRun(run), (msg) => {
    if (!REPLAYED_FAMILIES.has(msg.subject.split(".")[2]!)) return;
    const list = captured.get(msg.subject) ?? [];
    if (list.length >= CAPTURE_PER_SUBJECT) return;
    list.push(msg.data.slice());
    captured.set(msg.subject, list);
  });
  return { captured, stop: () => sub.unsubscribe() };
}

/** A command the descriptor accepts would change the run: only refused shapes, stale replays and forgeries the twin must refuse go. */
export function mayGo(message: FuzzMessage): boolean {
  if (message.target.effect === "query" || message.kind === "replay" || message.kind === "forgery") return true;
  try {
    message.target.descriptor.decode(message.data);
    return false;
  } catch {
    return true;
  }
}

function describe(message: FuzzMessage): string {
  const head = Buffer.from(message.data.subarray(0, 48)).toString("hex");
  return `${message.target.subject} (${message.kind}, ${message.data.byteLength} B, ${head})`;
}

/** Sends one batch and resolves once every request of it is answered or has failed. */
export async function sendBatch(bus: Bus, batch: readonly FuzzMessage[], book: FuzzBook, window = 1024): Promise<void> {
  const requests: FuzzMessage[] = [];
  for (const message of batch) {
    if (!mayGo(message)) {
      book.skippedValid++;
      continue;
    }
    book.sent++;
    book.bytes += message.data.byteLength;
    book.byKind[message.kind]++;
    if (message.target.request) requests.push(message);
    else {
      book.published++;
      bus.publish(message.target.subject, message.data);
    }
  }
  await bus.flush();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) await ask(bus, requests[next++]!, book);
  };
  await Promise.all(Array.from({ length: Math.min(window, requests.length) }, worker));
}

async function ask(bus: Bus, message: FuzzMessage, book: FuzzBook): Promise<void> {
  book.requests++;
  let reply: { ok?: unknown };
  try {
    const answer = await bus.request(message.target.subject, message.data, { timeoutMs: 60_000 });
    reply = decodeUntrusted(answer.data, "a reply") as { ok?: unknown };
  } catch (err) {
    book.unanswered.push(`${describe(message)}: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (reply.ok === false) book.refused++;
  // A replay may be taken as the retry it looks like (host.assign of the epoch in force is
  // idempotent): the run's final digest says whether it changed anything.
  else if (reply.ok === true && (message.target.effect === "query" || message.kind === "replay")) book.answeredOk++;
  else book.violations.push(`${describe(message)} answered ${JSON.stringify(reply).slice(0, 200)}`);
}
