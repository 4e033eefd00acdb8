/**
 * Reads the gateway's binary stream (../../src/wire.ts) with fetch: positions frames and JSON
 * messages, in order. Reconnects a second after the stream ends (a gateway restart, a slow page
 * the gateway cut off) until the signal aborts.
 */
import type { IdsMessage } from "../../src/api-schemas.js";
import { StreamKinds, readFrame, splitMessages, type PositionsFrame, type ViewField } from "../../src/wire.js";

/** A JSON stream message other than ids: fleet, jobs or event. */
export interface StreamJson {
  type: string;
  [key: string]: unknown;
}

export interface StreamHandlers {
  onIds(ids: IdsMessage): void;
  onFrame(frame: PositionsFrame): void;
  onJson(message: StreamJson): void;
  onState(state: string): void;
}

/** Larger than a frame of a million satellites: anything bigger is a corrupt length. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const decoder = new TextDecoder();

export async function followStream(field: ViewField, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(`api/stream?field=${field}`, { signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        handlers.onState(`stream refused: ${body?.error?.message ?? res.status}`);
      } else {
        handlers.onState("live");
        await readMessages(res.body.getReader(), handlers);
        handlers.onState("stream ended: reconnecting");
      }
    } catch (err) {
      if (signal.aborted) return;
      handlers.onState(`stream lost (${err instanceof Error ? err.message : String(err)}): reconnecting`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function readMessages(reader: ReadableStreamDefaultReader<Uint8Array>, handlers: StreamHandlers): Promise<void> {
  // One growing buffer: chunks are appended, whole messages taken from the front.
  let buffer = new Uint8Array(1 << 20);
  let used = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (used + value.byteLength > buffer.byteLength) {
      const bigger = new Uint8Array(Math.max(buffer.byteLength * 2, used + value.byteLength));
      bigger.set(buffer.subarray(0, used));
      buffer = bigger;
    }
    buffer.set(value, used);
    used += value.byteLength;
    const { messages, rest } = splitMessages(buffer.subarray(0, used), MAX_MESSAGE_BYTES);
    for (const m of messages) {
      if (m.kind === StreamKinds.positions) {
        // Start of the page's work on a frame (decode to drawn): main.ts measures to the end of drawing.
        performance.mark("orbitwin.frame-received");
        handlers.onFrame(readFrame(m.payload));
      } else if (m.kind === StreamKinds.json) {
        const message = JSON.parse(decoder.decode(m.payload)) as StreamJson;
        if (message.type === "ids") handlers.onIds(message as unknown as IdsMessage);
        else handlers.onJson(message);
      }
    }
    buffer.copyWithin(0, rest.byteOffset - buffer.byteOffset, used);
    used = rest.byteLength;
  }
}
