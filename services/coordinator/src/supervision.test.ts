import { describe, expect, it } from "vitest";
import { Supervision } from "./supervision.js";

const hb = (host: string, pid = 1) => ({ v: 1 as const, host, seq: 0, pid, hostname: "m", startedAtMs: 0, clusters: [], epoch: 0 });
const participant = (id: string) => ({ v: 1 as const, participant: id, role: id, seq: 0, startedAtMs: 0 });

/** Heartbeats from `hosts` and checks, every second from `fromMs` to `toMs`. */
function beat(s: Supervision, hosts: string[], fromMs: number, toMs: number) {
  const checks = [];
  for (let t = fromMs; t <= toMs; t += 1000) {
    for (const h of hosts) s.hostHeartbeat(hb(h), t);
    checks.push(s.check(t));
  }
  return checks;
}

describe("Supervision", () => {
  it("loses a silent host after the timeout, and a silent service after its own longer one", () => {
    const s = new Supervision({ hostTimeoutMs: 3000, participantTimeoutMs: 10_000, nowMs: 0 });
    s.hostHeartbeat(hb("h1"), 0);
    s.participantHeartbeat(participant("thermal"), 0);
    const checks = beat(s, [], 1000, 11_000);
    expect(checks[3]).toEqual({ lostHosts: [{ host: "h1", silentMs: 4000 }], lostParticipants: [] });
    expect(checks[10]!.lostParticipants.map((p) => p.id)).toEqual(["thermal"]);
  });

  it("does not hold a host's silence against it while it does work it was given, and does once the work should be over", () => {
    const s = new Supervision({ hostTimeoutMs: 3000, participantTimeoutMs: 10_000, nowMs: 0 });
    s.hostHeartbeat(hb("h1"), 0);
    // Loading its clusters is expected to take 20 s, in one stretch without heartbeats.
    s.expectBusy("h1", 20_000);
    const checks = beat(s, [], 1000, 24_000);
    expect(checks.slice(0, 22).every((c) => c.lostHosts.length === 0)).toBe(true);
    expect(checks[23]!.lostHosts).toEqual([{ host: "h1", silentMs: 24_000 }]);
  });

  it("loses nobody on a check that comes more than half a timeout late (this process was stalled)", () => {
    const s = new Supervision({ hostTimeoutMs: 3000, participantTimeoutMs: 10_000, nowMs: 0 });
    s.hostHeartbeat(hb("h1"), 0);
    s.participantHeartbeat(participant("thermal"), 0);
    expect(s.check(12_000)).toEqual({ stalledMs: 12_000, lostHosts: [], lostParticipants: [] });
    expect(s.check(13_000)).toEqual({ lostHosts: [], lostParticipants: [] });
    expect(s.hosts()).toEqual(["h1"]);
  });

  it("names the required participants that are missing", () => {
    const s = new Supervision({ hostTimeoutMs: 3000, participantTimeoutMs: 10_000, nowMs: 0 });
    s.participantHeartbeat(participant("thermal"), 0);
    expect(s.missing(["thermal", "scheduler"])).toEqual(["scheduler"]);
  });
});
