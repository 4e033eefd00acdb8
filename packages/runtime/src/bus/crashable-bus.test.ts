import { afterEach, describe, expect, it } from "vitest";
import { CrashableBus } from "./crashable-bus.js";
import { LocalBus } from "./local-bus.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("CrashableBus", () => {
  let shared: LocalBus;
  afterEach(async () => {
    await shared.drain();
  });

  function setup() {
    shared = new LocalBus({ onHandlerError: () => undefined });
    return { shared, participant: new CrashableBus(shared, "h2") };
  }

  it("passes messages both ways until the crash", async () => {
    const { shared, participant } = setup();
    const toParticipant: string[] = [];
    const fromParticipant: string[] = [];
    participant.bus.subscribe("in", (m) => toParticipant.push(text(m.data)));
    shared.subscribe("out", (m) => fromParticipant.push(text(m.data)));
    shared.publish("in", bytes("a"));
    participant.bus.publish("out", bytes("b"));
    await shared.flush();
    expect(toParticipant).toEqual(["a"]);
    expect(fromParticipant).toEqual(["b"]);
  });

  it("delivers nothing to a crashed participant, not even what was already queued for it", async () => {
    const { shared, participant } = setup();
    const seen: string[] = [];
    participant.bus.subscribe("in", (m) => seen.push(text(m.data)));
    shared.publish("in", bytes("queued before the crash"));
    participant.crash();
    shared.publish("in", bytes("after"));
    await shared.flush();
    expect(seen).toEqual([]);
    expect(participant.crashed).toBe(true);
  });

  it("lets nothing out of a crashed participant: publishes vanish, requests and stores fail naming it", async () => {
    const { shared, participant } = setup();
    const kv = await participant.bus.kv("b");
    const seen: string[] = [];
    shared.subscribe("out", (m) => seen.push(text(m.data)));
    participant.crash();
    participant.bus.publish("out", bytes("lost"));
    await shared.flush();
    expect(seen).toEqual([]);
    await expect(participant.bus.request("svc", bytes("?"))).rejects.toThrow(/h2's connection while it is crashed/);
    await expect(kv.put("k", bytes("v"))).rejects.toThrow(/crashed/);
    expect(await (await shared.kv("b")).get("k")).toBeUndefined();
  });

  it("leaves the shared bus and the other participants working after a crash", async () => {
    const { shared, participant } = setup();
    const other = new CrashableBus(shared, "h1");
    const seen: string[] = [];
    other.bus.subscribe("in", (m) => seen.push(text(m.data)));
    participant.crash();
    shared.publish("in", bytes("still here"));
    await shared.flush();
    expect(seen).toEqual(["still here"]);
    await participant.bus.drain();
  });
});
