import { describe, expect, it } from "vitest";
import { ErrorCodes, encodeMessage, jobSubmit, jobListReply, participantHeartbeat, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger } from "@orbitwin/runtime";
import { ManualWallClock } from "@orbitwin/runtime/testing";
import { createSchedulerCore } from "./scheduler-config.js";
import { SchedulerService } from "./scheduler-service.js";

describe("scheduler service", () => {
  it("goes created -> running -> stopped, heartbeats as a clock participant while running, and stops idempotently", async () => {
    const bus = new LocalBus();
    const clock = new ManualWallClock(1000);
    const service = new SchedulerService({ bus, run: "life", core: createSchedulerCore({ seed: 1 }), log: silentLogger(), wallClock: clock });
    const beats: string[] = [];
    bus.subscribe(subjects.allClockParticipants("life"), (msg) => beats.push(participantHeartbeat.decode(msg.data).role));
    expect(service.state).toBe("created");
    await service.start();
    expect(service.state).toBe("running");
    clock.advance(2000);
    await bus.flush();
    expect(beats).toEqual(["scheduler", "scheduler", "scheduler"]);
    await service.stop();
    expect(service.state).toBe("stopped");
    clock.advance(5000);
    await bus.flush();
    expect(beats).toHaveLength(3);
    await service.stop();
    expect(await service.closed()).toBeUndefined();
    await bus.drain();
  });

  it("takes submissions before the first tick and lists them as queued; refuses bad ones naming the field", async () => {
    const bus = new LocalBus();
    const service = new SchedulerService({ bus, run: "early", core: createSchedulerCore({ seed: 1 }), log: silentLogger(), wallClock: new ManualWallClock() });
    await service.start();
    const endpoint = (name: string) => subjects.serviceEndpoint("early", "scheduler", name);
    const ok = await bus.request(endpoint("submit"), jobSubmit.encode({ v: 1, jobs: [{ kind: "batch", accelerators: 2, acceleratorHours: 1 }] }));
    expect(ok.data.length).toBeGreaterThan(0);
    const bad = await bus.request(endpoint("submit"), encodeMessage({ v: 1, jobs: [{ kind: "batch", accelerators: 2, acceleratorHours: 0 }] }));
    expect(jobListReply.decode(bad.data)).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
    const listed = jobListReply.decode((await bus.request(endpoint("list"), encodeMessage({}))).data);
    expect(listed).toMatchObject({ ok: true, result: { total: 1, jobs: [{ id: "job-1", state: "queued" }] } });
    await service.stop();
    await bus.drain();
  });
});
