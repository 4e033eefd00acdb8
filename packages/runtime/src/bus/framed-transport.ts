/**
 * nats.js's Node transport with reads that allocate only the frames they hand out: a plain TCP
 * socket reads into one reused buffer (`onread`), a TLS socket's chunks are copied into it, and
 * the parser is given whole messages (`nats-frames.ts`). Connecting, TLS and closing are
 * nats.js's own.
 */
import { createConnection, type Socket } from "node:net";
import { INFO, NatsConnectionImpl, deferred, extractProtocolMessage, setTransportFactory, type NatsConnection, type ServerInfo } from "@nats-io/transport-node";
import type { NodeConnectionOptions } from "@nats-io/transport-node";
import { NodeTransport, nodeResolveHost } from "@nats-io/transport-node/lib/node_transport.js";
import { NatsFrameAssembler } from "./nats-frames.js";

export class FramedNodeTransport extends NodeTransport {
  readonly #frames = new NatsFrameAssembler();
  /** Where a whole frame goes: the INFO reader during the handshake, then the parser's queue. */
  #onFrame: (frame: Uint8Array) => void = (frame) => this.#enqueue(frame);

  override dial(hp: { hostname: string; port: number }): Promise<Socket> {
    const d = deferred<Socket>();
    let dialError: Error | undefined;
    const socket = createConnection(
      {
        port: hp.port,
        host: hp.hostname,
        onread: {
          buffer: () => this.#frames.writable(),
          callback: (bytes: number) => {
            const frame = this.#frames.commit(bytes);
            if (frame) this.#onFrame(frame);
            return true;
          },
        },
      },
      () => {
        d.resolve(socket);
        socket.removeAllListeners();
      },
    );
    socket.on("error", (err) => {
      dialError = err;
    });
    socket.on("close", () => {
      socket.removeAllListeners();
      d.reject(dialError ?? new Error(`connection to ${hp.hostname}:${hp.port} closed while opening`));
    });
    socket.setNoDelay(true);
    return d;
  }

  override peekInfo(): Promise<ServerInfo> {
    const d = deferred<ServerInfo>();
    let peekError: Error | undefined;
    const readInfo = (frame: Uint8Array) => {
      this.#onFrame = (next) => this.#enqueue(next);
      this.socket.removeAllListeners();
      try {
        const m = INFO.exec(extractProtocolMessage(frame));
        if (!m) throw new Error("unexpected response from server");
        d.resolve(JSON.parse(m[1]!) as ServerInfo);
      } catch (err) {
        d.reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    // The INFO frame stays queued: the protocol handler reads it again once connected. A read that
    // came before this call (the server speaks first) is queued already.
    const early = this.yields[0];
    if (early) {
      readInfo(early);
      return d;
    }
    this.#onFrame = (frame) => {
      this.yields.push(frame);
      readInfo(frame);
    };
    // A socket dialled with TLS first (`tls.handshakeFirst`) has no onread: it emits its chunks.
    if (this.isEncrypted()) this.#copyChunks();
    this.socket.on("error", (err) => {
      peekError = err;
    });
    this.socket.on("close", () => {
      this.socket.removeAllListeners();
      d.reject(peekError ?? new Error("connection closed before the server's INFO"));
    });
    return d;
  }

  override setupHandlers(): void {
    // A TLS socket has buffers of its own and emits them; the plain socket reads through `dial`'s onread.
    if (this.isEncrypted()) this.#copyChunks();
    let connError: Error | undefined;
    this.socket.on("error", (err) => {
      connError = err;
    });
    this.socket.on("end", () => {
      if (this.socket?.destroyed) return;
      this.socket?.write(new Uint8Array(0), () => this.socket?.end());
    });
    this.socket.on("close", () => {
      void this.close(connError);
    });
  }

  #copyChunks(): void {
    this.socket.on("data", (chunk: Uint8Array) => {
      const frame = this.#frames.push(chunk);
      if (frame) this.#onFrame(frame);
    });
  }

  #enqueue(frame: Uint8Array): void {
    this.yields.push(frame);
    this.signal.resolve();
  }
}

/** `connect` of @nats-io/transport-node, on `FramedNodeTransport`. */
export function connectFramed(options: NodeConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({ factory: () => new FramedNodeTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(options);
}
