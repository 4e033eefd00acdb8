import { describe, expect, it } from "vitest";
import { Membership } from "./membership.js";

const hb = (host: string, pid = 1, startedAtMs = 0) => ({ v: 1 as const, host, seq: 0, pid, hostname: "m", startedAtMs, clusters: [], epoch: 0 });

describe("Membership", () => {
  it("reports a host's first heartbeat as a join and later ones as nothing new", () => {
    const m = new Membership(3000);
    expect(m.heartbeat(hb("h1"), 0)).toEqual({ kind: "joined", host: "h1" });
    expect(m.heartbeat(hb("h1"), 1000)).toEqual({ kind: "alive" });
  });

  it("loses a host silent for longer than the timeout, and only that one", () => {
    const m = new Membership(3000);
    m.heartbeat(hb("h1"), 0);
    m.heartbeat(hb("h2"), 0);
    m.heartbeat(hb("h2"), 2500);
    expect(m.expire(3500)).toEqual([{ kind: "lost", host: "h1", silentMs: 3500 }]);
    expect(m.hosts()).toEqual(["h2"]);
  });

  it("treats a restarted process under the same id as a restart", () => {
    const m = new Membership(3000);
    m.heartbeat(hb("h1", 10), 0);
    expect(m.heartbeat(hb("h1", 11), 100)).toEqual({ kind: "restarted", host: "h1" });
  });
});
