import { describe, expect, it } from "vitest";
import { Participants } from "./participants.js";
import { TickAggregate } from "./tick-aggregate.js";

const hb = (participant: string, startedAtMs = 0) => ({ v: 1 as const, participant, role: "thermal", seq: 0, startedAtMs });
const done = (host: string, tick = 4, epoch = 2) => ({
  v: 1 as const,
  tick,
  host,
  epoch,
  clusters: 1,
  satellites: 10,
  sunlit: 6,
  failed: 1,
  stepMs: 3,
  digests: [{ cluster: `c-${host}`, digest: "0000000000000001" }],
  subsystems: null,
});

describe("Participants", () => {
  it("reports a first heartbeat and a restart as new, and loses the silent", () => {
    const p = new Participants();
    expect(p.heartbeat(hb("thermal"), 0)).toBe(true);
    expect(p.heartbeat(hb("thermal"), 500)).toBe(false);
    expect(p.heartbeat(hb("thermal", 99), 600)).toBe(true);
    expect(p.expire(3000, 3000)).toEqual([]);
    expect(p.expire(3700, 3000)).toEqual([{ id: "thermal", role: "thermal", silentMs: 3100 }]);
    expect(p.has("thermal")).toBe(false);
  });
});

describe("TickAggregate", () => {
  it("completes once every participant of the tick and epoch has reported, ignoring stale and repeated dones", () => {
    const agg = new TickAggregate(4, 2, ["h1", "h2"]);
    expect(agg.add(done("h1", 3))).toBe(false);
    expect(agg.add(done("h1", 4, 1))).toBe(false);
    expect(agg.add(done("h1"))).toBe(false);
    expect(agg.add(done("h1"))).toBe(false);
    expect(agg.add(done("h2"))).toBe(true);
    expect(agg.satellites).toBe(20);
    expect(agg.failed).toBe(2);
    expect(agg.digests).toHaveLength(2);
    expect(agg.fleetSubsystems()).toBeUndefined();
  });
});
