import { describe, expect, it } from "vitest";
import { unpack } from "msgpackr";
import {
  defaultDecodeLimits,
  encodeMessage,
  ErrorCodes,
  hostHeartbeat,
  jobListRequest,
  PAYLOAD_LIMIT_BYTES,
  payloadLimitBytes,
  stepRequest,
  subjects,
} from "@orbitwin/protocol";
import type { BusMessage } from "./bus/bus.js";
import { inboundHandler } from "./inbound.js";
import { silentLogger } from "./log.js";

function request(data: Uint8Array): BusMessage & { replies: unknown[] } {
  const replies: unknown[] = [];
  return {
    subject: "ot.demo.ctl.step",
    data,
    reply: "_INBOX.1",
    replies,
    respond: (bytes: Uint8Array) => replies.push(unpack(bytes)) > 0,
  };
}

describe("inboundHandler", () => {
  it("passes a valid message to the service and replies with its result", () => {
    const seen: number[] = [];
    const handler = inboundHandler({ descriptor: stepRequest, log: silentLogger(), onMessage: (r) => (seen.push(r.ticks), { stepped: r.ticks }) });
    const msg = request(encodeMessage({ ticks: 3 }));
    handler(msg);
    expect(seen).toEqual([3]);
    expect(msg.replies).toEqual([{ ok: true, result: { stepped: 3 } }]);
  });

  it.each([
    ["malformed bytes", new Uint8Array([0xc1, 0x00]), ErrorCodes.malformedMessage],
    ["a wrong type", encodeMessage({ ticks: "three" }), ErrorCodes.invalidMessage],
    ["an unknown field", encodeMessage({ ticks: 1, extra: true }), ErrorCodes.invalidMessage],
  ])("answers %s with an error reply and never calls the service", (_what, bytes, code) => {
    const rejected: string[] = [];
    const handler = inboundHandler({
      descriptor: stepRequest,
      log: silentLogger(),
      onMessage: () => {
        throw new Error("must not be called");
      },
      onRejected: (e) => rejected.push(e.code),
    });
    const msg = request(bytes);
    handler(msg);
    expect(msg.replies).toMatchObject([{ ok: false, error: { code, retryable: false } }]);
    expect(rejected).toEqual([code]);
  });

  it("turns a service failure into an error reply instead of a crash", async () => {
    const handler = inboundHandler({ descriptor: stepRequest, log: silentLogger(), onMessage: () => Promise.reject(new Error("disk full")) });
    const msg = request(encodeMessage({ ticks: 1 }));
    handler(msg);
    await new Promise((r) => setImmediate(r));
    expect(msg.replies).toEqual([{ ok: false, error: { code: ErrorCodes.internal, message: "disk full", retryable: false } }]);
  });

  it("refuses a message that names another sender than its subject does, and passes the sender's own", () => {
    const seen: string[] = [];
    const rejected: string[] = [];
    const handler = inboundHandler({
      descriptor: hostHeartbeat,
      log: silentLogger(),
      sender: (hb) => hb.host,
      onMessage: (hb) => seen.push(hb.host),
      onRejected: (e) => rejected.push(e.message),
    });
    const beat = (host: string) => hostHeartbeat.encode({ v: 1, host, seq: 0, pid: 1, hostname: "m", startedAtMs: 0, clusters: [], epoch: 1 });
    const on = (subject: string, data: Uint8Array): BusMessage => ({ subject, data, reply: undefined, respond: () => false });
    handler(on(subjects.hostHeartbeat("demo", "h2"), beat("h1")));
    handler(on(subjects.hostHeartbeat("demo", "h1"), beat("h1")));
    expect(seen).toEqual(["h1"]);
    expect(rejected).toEqual([expect.stringContaining('it names sender "h1", but only h2 may publish on this subject')]);
  });
});

describe("inboundHandler's payload limit per subject family", () => {
  it("refuses a megabyte of empty maps on a request subject before decoding it, naming the limit", () => {
    let decoded = false;
    const handler = inboundHandler({ descriptor: jobListRequest, log: silentLogger(), onMessage: () => (decoded = true) });
    const emptyMaps = encodeMessage(Array.from({ length: 1_000_000 }, () => ({})));
    const msg = { ...request(emptyMaps), subject: "ot.demo.svc.scheduler.list" };
    handler(msg);
    expect(decoded).toBe(false);
    const [reply] = msg.replies as { ok: boolean; error: { code: string; message: string } }[];
    expect(reply!.ok).toBe(false);
    expect(reply!.error.code).toBe(ErrorCodes.messageTooLarge);
    expect(reply!.error.message).toContain(`${PAYLOAD_LIMIT_BYTES.svc}-byte limit`);
  });

  it("sizes telemetry larger than requests, and leaves subjects outside orbitwin's families to the codec's limit", () => {
    expect(payloadLimitBytes("ot.demo.tlm.c-1")).toBeGreaterThan(payloadLimitBytes("ot.demo.ctl.step"));
    expect(payloadLimitBytes("ot.demo.ctl.step")).toBe(64 * 1024);
    expect(payloadLimitBytes("$SRV.PING")).toBe(defaultDecodeLimits.maxBytes);
  });
});
