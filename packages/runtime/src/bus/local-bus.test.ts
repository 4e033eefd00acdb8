import { afterEach, describe, expect, it } from "vitest";
import { LocalBus } from "./local-bus.js";
import { describeBusContract } from "./bus-contract.js";
import type { BusMessage } from "./bus.js";

describeBusContract("LocalBus", () => {
  const bus = new LocalBus({ onHandlerError: () => undefined });
  return Promise.resolve({ bus, cleanup: () => bus.drain() });
});

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("LocalBus", () => {
  const buses: LocalBus[] = [];
  const make = (options: ConstructorParameters<typeof LocalBus>[0] = {}) => {
    const bus = new LocalBus({ onHandlerError: () => undefined, ...options });
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.drain()));
  });

  it("never runs a handler inside publish", async () => {
    const bus = make();
    const seen: string[] = [];
    bus.subscribe("a", () => seen.push("handler"));
    bus.publish("a", bytes("x"));
    seen.push("after publish");
    await bus.flush();
    expect(seen).toEqual(["after publish", "handler"]);
  });

  it("routes a subject published on before by the subscriptions as they are now", async () => {
    const bus = make();
    const got: string[] = [];
    const first = bus.subscribe("ot.r.tick", (m) => got.push(`first ${text(m.data)}`));
    bus.publish("ot.r.tick", bytes("1"));
    bus.subscribe("ot.r.*", (m) => got.push(`wild ${text(m.data)}`));
    bus.publish("ot.r.tick", bytes("2"));
    await bus.flush();
    first.unsubscribe();
    bus.publish("ot.r.tick", bytes("3"));
    await bus.flush();
    expect(got).toEqual(["first 1", "first 2", "wild 2", "wild 3"]);
  });

  it("hands a queue group's messages round-robin, in subscription order", async () => {
    const bus = make();
    const got: string[] = [];
    bus.subscribe("job", (m) => got.push(`a${text(m.data)}`), { queue: "w" });
    bus.subscribe("job", (m) => got.push(`b${text(m.data)}`), { queue: "w" });
    bus.subscribe("job", (m) => got.push(`c${text(m.data)}`), { queue: "w" });
    for (let i = 0; i < 6; i++) bus.publish("job", bytes(String(i)));
    await bus.flush();
    expect(got.sort()).toEqual(["a0", "a3", "b1", "b4", "c2", "c5"]);
  });

  it("treats members of one queue name on different patterns as one group, as nats-server does", async () => {
    const bus = make();
    let count = 0;
    bus.subscribe("ot.x.tlm.c1", () => count++, { queue: "w" });
    bus.subscribe("ot.x.tlm.*", () => count++, { queue: "w" });
    for (let i = 0; i < 10; i++) bus.publish("ot.x.tlm.c1", bytes("m"));
    await bus.flush();
    expect(count).toBe(10);
  });

  it("gives each subscriber its own copy of the payload", async () => {
    const bus = make();
    const seen: BusMessage[] = [];
    bus.subscribe("a", (m) => {
      m.data[0] = 0;
      seen.push(m);
    });
    bus.subscribe("a", (m) => seen.push(m));
    bus.publish("a", bytes("hi"));
    await bus.flush();
    expect(seen.map((m) => text(m.data))).toEqual(["\u0000i", "hi"]);
  });

  it("reports each handler error, with the subject, and keeps delivering", async () => {
    const errors: [string, string][] = [];
    const bus = make({ onHandlerError: (err, subject) => errors.push([(err as Error).message, subject]) });
    const ok: string[] = [];
    bus.subscribe("x.*", (m) => {
      if (text(m.data) === "bad") throw new Error("boom");
      ok.push(text(m.data));
    });
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- an async handler that rejects is the case under test
    bus.subscribe("x.*", async () => Promise.reject(new Error("async boom")));
    bus.publish("x.1", bytes("bad"));
    bus.publish("x.2", bytes("good"));
    await bus.flush();
    await Promise.resolve();
    expect(ok).toEqual(["good"]);
    expect(errors).toEqual([
      ["boom", "x.1"],
      ["async boom", "x.1"],
      ["async boom", "x.2"],
    ]);
  });

  it("refuses a payload over maxPayloadBytes, naming the limit", () => {
    const bus = make({ maxPayloadBytes: 4 });
    expect(() => bus.publish("a", bytes("12345"))).toThrow(/5 bytes, over the 4-byte limit/);
  });

  it("refuses to publish, subscribe or open stores once drained", async () => {
    const bus = make();
    await bus.drain();
    expect(() => bus.publish("a", bytes("x"))).toThrow(/closed/);
    expect(() => bus.subscribe("a", () => undefined)).toThrow(/closed/);
    await expect(bus.request("a", bytes("x"))).rejects.toThrow(/closed/);
    await expect(bus.kv("b")).rejects.toThrow(/closed/);
  });

  it("answers a request buffered when the drain began", async () => {
    const bus = make();
    bus.subscribe("slow", (m) => m.respond(bytes("late but here")));
    const reply = bus.request("slow", bytes("x"), { timeoutMs: 5000 });
    const draining = bus.drain();
    expect(text((await reply).data)).toBe("late but here");
    await draining;
  });

  it("fails a request still waiting when the bus closes, instead of leaving its timer", async () => {
    const bus = make();
    bus.subscribe("never", () => undefined);
    const reply = bus.request("never", bytes("x"), { timeoutMs: 60_000 });
    await bus.drain();
    await expect(reply).rejects.toThrow(/closed/);
  });

  it("expires stream records by maxAgeMs and maxBytes on its clock", async () => {
    let nowMs = 1_000_000;
    const bus = make({ now: () => nowMs });
    const aged = await bus.stream("aged", { subjects: ["aged.>"], maxAgeMs: 1000 });
    await aged.publish("aged.x", bytes("old"));
    nowMs += 600;
    await aged.publish("aged.x", bytes("new"));
    nowMs += 600;
    expect((await aged.read(1, 10)).map((r) => [r.seq, text(r.data), r.storedAtMs])).toEqual([[2, "new", 1_000_600]]);
    // Each record counts subject (7) + payload (4) bytes: 22 keeps two.
    const sized = await bus.stream("sized", { subjects: ["sized.*"], maxBytes: 22 });
    for (const v of ["aaaa", "bbbb", "cccc"]) await sized.publish("sized.x", bytes(v));
    expect((await sized.read(1, 10)).map((r) => text(r.data))).toEqual(["bbbb", "cccc"]);
  });

  it("forgets a msgId after the 2-minute duplicate window", async () => {
    let nowMs = 0;
    const bus = make({ now: () => nowMs });
    const stream = await bus.stream("dedupe", { subjects: ["d.*"] });
    expect(await stream.publish("d.x", bytes("1"), "m")).toBe(1);
    nowMs += 119_000;
    expect(await stream.publish("d.x", bytes("1"), "m")).toBe(1);
    nowMs += 2_000;
    expect(await stream.publish("d.x", bytes("1"), "m")).toBe(2);
  });

  it("refuses a stream whose subjects overlap another stream's", async () => {
    const bus = make();
    await bus.stream("first", { subjects: ["ot.a.evt.>"] });
    await expect(bus.stream("second", { subjects: ["ot.*.evt.x"] })).rejects.toThrow(/overlaps stream first/);
    await expect(bus.stream("bad.name", { subjects: ["z"] })).rejects.toThrow(/stream name "bad.name" is invalid/);
    await expect(bus.stream("nosubjects", { subjects: [] })).rejects.toThrow(/at least one subject/);
  });

  it("updates a stream's limits when it is opened again", async () => {
    const bus = make();
    const stream = await bus.stream("s", { subjects: ["s.*"] });
    for (let i = 0; i < 5; i++) await stream.publish("s.x", bytes(String(i)));
    await bus.stream("s", { subjects: ["s.*"], maxMessages: 2 });
    expect((await stream.read(1, 10)).map((r) => r.seq)).toEqual([4, 5]);
  });

  it("keeps KV history per key and refuses bad bucket names", async () => {
    const bus = make();
    const kv = await bus.kv("hist", { history: 3 });
    const revs = [await kv.put("k", bytes("1")), await kv.put("other", bytes("x")), await kv.put("k", bytes("2"))];
    expect(revs).toEqual([1, 2, 3]);
    const entry = (await kv.get("k"))!;
    entry.value[0] = 0;
    expect(text((await kv.get("k"))!.value)).toBe("2");
    await expect(bus.kv("bad.bucket")).rejects.toThrow(/bucket name "bad.bucket" is invalid/);
    await kv.destroy();
    await expect(kv.get("k")).rejects.toThrow(/destroyed/);
  });

  it("rejects an invalid service name or version", async () => {
    const bus = make();
    await expect(bus.addService({ name: "bad name", version: "1.0.0", description: "", endpoints: [] })).rejects.toThrow(/service name/);
    await expect(bus.addService({ name: "ok", version: "one", description: "", endpoints: [] })).rejects.toThrow(/not semver/);
  });

  it("lets a handler unsubscribe itself mid-batch", async () => {
    const bus = make();
    const got: string[] = [];
    const sub = bus.subscribe("u", (m) => {
      got.push(text(m.data));
      sub.unsubscribe();
    });
    for (const v of ["1", "2", "3"]) bus.publish("u", bytes(v));
    await bus.flush();
    expect(got).toEqual(["1"]);
  });
});
