/**
 * The open dashboard streams: at most `maxClients` of them, each a long HTTP response carrying
 * wire.ts messages. A page that reads slowly never makes the gateway buffer without bound: a
 * positions frame is skipped for a client while more than `frameSkipBytes` wait in its socket
 * (only the newest frame matters, so skipping is coalescing), and a client is cut off when more
 * than `maxBufferedBytes` wait or it has had frames skipped for longer than `maxBehindMs`.
 */
import type { ServerResponse } from "node:http";
import type { WallClock } from "@orbitwin/runtime";
import { StreamKinds, streamMessage, type ViewField } from "./wire.js";

export interface StreamHubOptions {
  /** @default 32 pages */
  maxClients?: number;
  /** A client with more than this waiting in its socket gets no new frame, bytes. @default 1 MiB */
  frameSkipBytes?: number;
  /** A client with more than this waiting is cut off, bytes. @default 8 MiB */
  maxBufferedBytes?: number;
  /** A client skipping frames for this long is cut off, ms of wall time. @default 30000 */
  maxBehindMs?: number;
  wallClock: WallClock;
}

interface Client {
  res: ServerResponse;
  field: ViewField;
  idsVersionSent: number;
  /** false until its first frame: a page that opens on a paused run still gets one */
  hasFrame: boolean;
  /** wall ms since frames were first skipped for it, undefined while it keeps up */
  behindSinceMs: number | undefined;
}

export interface StreamStats {
  clients: number;
  /** bytes waiting to go out, per client */
  bufferedBytes: number[];
  framesSent: number;
  framesSkipped: number;
  bytesWritten: number;
  slowClientsCut: number;
}

const encoder = new TextEncoder();

export class StreamHub {
  readonly maxClients: number;
  readonly #frameSkipBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #maxBehindMs: number;
  readonly #wallClock: WallClock;
  readonly #clients = new Set<Client>();
  #framesSent = 0;
  #framesSkipped = 0;
  #bytesWritten = 0;
  #slowClientsCut = 0;

  constructor(options: StreamHubOptions) {
    this.maxClients = options.maxClients ?? 32;
    this.#frameSkipBytes = options.frameSkipBytes ?? 1024 * 1024;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.#maxBehindMs = options.maxBehindMs ?? 30_000;
    this.#wallClock = options.wallClock;
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Whether another client may join; the refusal names the cap. */
  refusal(): string | undefined {
    return this.#clients.size >= this.maxClients
      ? `the dashboard stream is at its limit of ${this.maxClients} open pages: close one (or start the gateway with a higher --max-clients)`
      : undefined;
  }

  /** Takes an open response as a client; `greeting` messages go out first. */
  add(res: ServerResponse, field: ViewField, greeting: readonly object[]): void {
    const client: Client = { res, field, idsVersionSent: -1, hasFrame: false, behindSinceMs: undefined };
    this.#clients.add(client);
    res.on("close", () => this.#clients.delete(client));
    for (const message of greeting) this.#write(client, json(message));
  }

  /** Sends a small JSON message (fleet, jobs, event) to every client. */
  broadcast(message: object): void {
    if (this.#clients.size === 0) return;
    const bytes = json(message);
    for (const c of this.#clients) this.#write(c, bytes);
  }

  /** Whether a client is waiting for its first frame. */
  get anyWithoutFrame(): boolean {
    for (const c of this.#clients) if (!c.hasFrame) return true;
    return false;
  }

  /**
   * Sends every client (`onlyNew`: every client still without a frame) the newest frame for its
   * field, preceded by the ids when they changed; skips the clients that are behind and cuts off
   * those behind for too long.
   */
  sendFrames(ids: { version: number; message: () => object }, frameFor: (field: ViewField) => Uint8Array, onlyNew = false): void {
    const now = this.#wallClock.now();
    let idsBytes: Uint8Array | undefined;
    const frames = new Map<ViewField, Uint8Array>();
    for (const c of this.#clients) {
      if (onlyNew && c.hasFrame) continue;
      if (c.res.writableLength > this.#frameSkipBytes) {
        this.#framesSkipped++;
        c.behindSinceMs ??= now;
        if (now - c.behindSinceMs > this.#maxBehindMs) this.#cut(c);
        continue;
      }
      c.behindSinceMs = undefined;
      if (c.idsVersionSent !== ids.version) {
        idsBytes ??= json(ids.message());
        this.#write(c, idsBytes);
        c.idsVersionSent = ids.version;
      }
      let frame = frames.get(c.field);
      if (!frame) frames.set(c.field, (frame = streamMessage(StreamKinds.positions, frameFor(c.field))));
      this.#write(c, frame);
      c.hasFrame = true;
      this.#framesSent++;
    }
  }

  stats(): StreamStats {
    return {
      clients: this.#clients.size,
      bufferedBytes: [...this.#clients].map((c) => c.res.writableLength),
      framesSent: this.#framesSent,
      framesSkipped: this.#framesSkipped,
      bytesWritten: this.#bytesWritten,
      slowClientsCut: this.#slowClientsCut,
    };
  }

  /** Ends every stream (the pages see the end and may reconnect). */
  endAll(): void {
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
  }

  #write(c: Client, bytes: Uint8Array): void {
    if (c.res.writableLength + bytes.byteLength > this.#maxBufferedBytes) {
      this.#cut(c);
      return;
    }
    c.res.write(bytes);
    this.#bytesWritten += bytes.byteLength;
  }

  #cut(c: Client): void {
    this.#slowClientsCut++;
    this.#clients.delete(c);
    c.res.destroy();
  }
}

function json(message: object): Uint8Array {
  return streamMessage(StreamKinds.json, encoder.encode(JSON.stringify(message)));
}
