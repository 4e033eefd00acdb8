/**
 * The scheduler's acceptance on real NATS: the energy-aware policy against first-fit on the jobs
 * demo, a job surviving an accelerator failure, a job too big to fit, and malformed submissions.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unpack } from "msgpackr";
import {
  ErrorCodes,
  EventKinds,
  clusterCommand,
  clusterTelemetry,
  injectRequest,
  encodeMessage,
  float64ToBin,
  jobListReply,
  jobShowReply,
  jobSubmit,
  orbitwinEvent,
  schedulerMetrics,
  schedulerStatusReply,
  subjects,
  type OrbitwinEvent,
  type PlacementPolicyName,
  type SchedulerStatus,
} from "@orbitwin/protocol";
import { LocalBus, connectNatsBus, silentLogger, type Bus, type NatsBus } from "@orbitwin/runtime";
import { SchedulerService, createSchedulerCore } from "@orbitwin/scheduler";
import { ThermalService, resolveThermalPolicy } from "@orbitwin/thermal";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const demoYaml = readFileSync(new URL("../../scenarios/jobs-demo.yaml", import.meta.url), "utf8");

interface DataCenter {
  twin: TwinFixture;
  scheduler: SchedulerService;
  thermal: ThermalService | undefined;
  stop(): Promise<void>;
}

async function startDataCenter(
  bus: Bus,
  run: string,
  yaml: string,
  options: { policy?: PlacementPolicyName; thermal: boolean; startPaused?: boolean; hosts?: number },
): Promise<DataCenter> {
  const log = silentLogger();
  const twinPromise = startTwinOnBus({
    bus,
    run,
    hosts: options.hosts ?? 2,
    yaml,
    requiredParticipants: options.thermal ? ["thermal", "scheduler"] : ["scheduler"],
    ...(options.startPaused ? { startPaused: true } : {}),
  });
  const twin = await twinPromise;
  const core = createSchedulerCore({ section: twin.scenario.scheduler, seed: twin.scenario.seed, policy: options.policy });
  const scheduler = new SchedulerService({ bus, run, core, log });
  const thermal = options.thermal ? new ThermalService({ bus, run, policy: resolveThermalPolicy(twin.scenario.thermal), log }) : undefined;
  await thermal?.start();
  await scheduler.start();
  return {
    twin,
    scheduler,
    thermal,
    stop: async () => {
      await twin.stop();
      await scheduler.stop();
      await thermal?.stop();
    },
  };
}

async function ask(bus: Bus, subject: string, data: Uint8Array) {
  return unpack((await bus.request(subject, data, { timeoutMs: 5000 })).data) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
}

async function status(bus: Bus, run: string): Promise<SchedulerStatus> {
  const reply = schedulerStatusReply.decode(
    (await bus.request(subjects.serviceEndpoint(run, "scheduler", "status"), encodeMessage({}), { timeoutMs: 5000 })).data,
  );
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result;
}

/** Collects the run's job events (subscribe before the run starts). */
function collectEvents(bus: Bus, run: string): OrbitwinEvent[] {
  const events: OrbitwinEvent[] = [];
  bus.subscribe(subjects.allEvents(run), (msg) => {
    const e = orbitwinEvent.decode(msg.data);
    if (e.kind.startsWith("job-")) events.push(e);
  });
  return events;
}

let bus: NatsBus;

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "scheduler-int", log: silentLogger() });
});

afterAll(async () => {
  await bus.drain();
});

describe("the scheduler on real NATS", () => {
  it("delivers more goodput with the energy-aware policy than with first-fit on the jobs demo", async () => {
    const results: Record<string, SchedulerStatus> = {};
    const digests: Record<string, string> = {};
    for (const policy of ["first-fit", "energy-aware"] as const) {
      const run = `jobs-${policy}`;
      const dc = await startDataCenter(bus, run, demoYaml, { policy, thermal: true });
      digests[policy] = (await dc.twin.coordinator.finished()).digest;
      results[policy] = await status(bus, run);
      await dc.stop();
    }
    const ff = results["first-fit"]!;
    const ea = results["energy-aware"]!;
    process.stdout.write(
      `jobs demo goodput: first-fit ${ff.goodputAcceleratorHours.toFixed(1)} accelerator-hours (fraction ${ff.goodputFraction.toFixed(3)}, lost ${ff.lostAcceleratorHours.toFixed(1)}, ${ff.restarts} restarts, ${ff.completed} jobs done), ` +
        `energy-aware ${ea.goodputAcceleratorHours.toFixed(1)} accelerator-hours (fraction ${ea.goodputFraction.toFixed(3)}, lost ${ea.lostAcceleratorHours.toFixed(1)}, ${ea.restarts} restarts, ${ea.completed} jobs done)\n`,
    );
    expect(ea.goodputAcceleratorHours).toBeGreaterThan(ff.goodputAcceleratorHours);
    expect(ea.goodputFraction).toBeGreaterThan(ff.goodputFraction);
    expect(ea.lostAcceleratorHours).toBeLessThan(ff.lostAcceleratorHours);
    // The loads differ, so the fleets end in different states.
    expect(digests["energy-aware"]).not.toBe(digests["first-fit"]);
  });

  it("decides the same on one host in process as on two over NATS, and publishes its metrics every tick", async () => {
    const local = new LocalBus();
    const one = await startDataCenter(local, "jobs-local", demoYaml, { policy: "energy-aware", thermal: true, hosts: 1 });
    const localDigest = (await one.twin.coordinator.finished()).digest;
    const localStatus = await status(local, "jobs-local");
    await one.stop();
    await local.drain();
    const perTick: SchedulerStatus[] = [];
    const metrics = bus.subscribe(subjects.schedulerMetrics("jobs-twice"), (msg) => perTick.push(schedulerMetrics.decode(msg.data)));
    const two = await startDataCenter(bus, "jobs-twice", demoYaml, { policy: "energy-aware", thermal: true });
    expect((await two.twin.coordinator.finished()).digest).toBe(localDigest);
    const natsStatus = await status(bus, "jobs-twice");
    await expect.poll(() => perTick.length, { timeout: 10_000 }).toBe(721);
    metrics.unsubscribe();
    expect(perTick.map((m) => m.tick)).toEqual(Array.from({ length: 721 }, (_, i) => i));
    expect(perTick.at(-1)).toEqual({ ...natsStatus, decideMs: perTick.at(-1)!.decideMs });
    expect(Math.max(...perTick.map((m) => m.utilization))).toBeGreaterThan(0.5);
    await two.stop();
    expect({ ...natsStatus, decideMs: 0 }).toEqual({ ...localStatus, decideMs: 0 });
  });

  it("restarts a job whose accelerator failed on another satellite, losing at most one checkpoint interval", async () => {
    const run = "jobs-failure";
    // A failure rate 10^4 times a data center's, so an accelerator under the job fails within hours.
    const yaml = `
name: jobs-failure
epoch: 2026-05-13T00:00:00Z
dt: 60s
duration: 8h
seed: 11
bus: { preset: starlink-v2-mini-gpu, fit: 30000000 }
scheduler: { policy: first-fit }
constellations:
  - { kind: walker, name: f, planes: 1, satsPerPlane: 6, phasing: 0, altKm: 550, inclinationDeg: 53 }
`;
    const events = collectEvents(bus, run);
    const dc = await startDataCenter(bus, run, yaml, { thermal: false, startPaused: true });
    const intervalS = 600;
    const accepted = await ask(
      bus,
      subjects.serviceEndpoint(run, "scheduler", "submit"),
      jobSubmit.encode({ v: 1, jobs: [{ id: "gang", kind: "training", accelerators: 16, acceleratorHours: 1000, checkpointIntervalS: intervalS }] }),
    );
    expect(accepted).toMatchObject({ ok: true, result: { accepted: ["gang"] } });
    expect((await ask(bus, subjects.control(run, "resume"), encodeMessage({}))).ok).toBe(true);
    await dc.twin.coordinator.finished();
    await bus.flush();
    const interrupted = events.find((e) => e.kind === EventKinds.jobInterrupted && /accelerator/.test(String(e.data.reason)));
    expect(interrupted, "an accelerator under the job failed").toBeDefined();
    expect(Number(interrupted!.data.lostAcceleratorHours)).toBeLessThanOrEqual((16 * intervalS) / 3600 + 1e-9);
    const replaced = events.find((e) => e.kind === EventKinds.jobPlaced && e.tick === interrupted!.tick);
    expect(replaced, "placed again in the same tick").toBeDefined();
    expect(replaced!.data.sats).not.toContain(interrupted!.data.sat);
    const shown = jobShowReply.decode(
      (await bus.request(subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "gang" }), { timeoutMs: 5000 })).data,
    );
    if (!shown.ok) throw new Error(shown.error.message);
    expect(shown.result.restarts).toBeGreaterThanOrEqual(1);
    expect(shown.result.lostAcceleratorHours).toBeLessThanOrEqual((shown.result.restarts * 16 * intervalS) / 3600 + 1e-9);
    expect(shown.result.summary.doneAcceleratorHours).toBeGreaterThan(0);
    await dc.stop();
  });

  describe("a paused data center", () => {
    const run = "jobs-input";
    const yaml = `
name: jobs-input
epoch: 2026-05-13T00:00:00Z
dt: 60s
duration: 1h
seed: 3
bus: { preset: starlink-v2-mini-gpu }
scheduler: { policy: energy-aware }
constellations:
  - { kind: walker, name: q, planes: 1, satsPerPlane: 4, phasing: 0, altKm: 550, inclinationDeg: 53 }
`;
    let dc: DataCenter;
    const submit = subjects.serviceEndpoint(run, "scheduler", "submit");
    const list = async () => {
      const r = jobListReply.decode((await bus.request(subjects.serviceEndpoint(run, "scheduler", "list"), encodeMessage({}), { timeoutMs: 5000 })).data);
      if (!r.ok) throw new Error(r.error.message);
      return r.result;
    };

    beforeAll(async () => {
      dc = await startDataCenter(bus, run, yaml, { thermal: false, startPaused: true });
    });
    afterAll(async () => {
      await dc.stop();
    });

    it("answers malformed submissions with errors naming the field, and changes nothing", async () => {
      expect(await ask(bus, submit, new Uint8Array([0xc1]))).toMatchObject({ ok: false, error: { code: ErrorCodes.malformedMessage } });
      const noKind = await ask(bus, submit, encodeMessage({ v: 1, jobs: [{ accelerators: 4, acceleratorHours: 1 }] }));
      expect(noKind).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
      expect(noKind.error!.message).toMatch(/\/jobs\/0\/kind/);
      const negative = await ask(
        bus,
        submit,
        encodeMessage({
          v: 1,
          jobs: [
            { kind: "batch", accelerators: 4, acceleratorHours: 1 },
            { kind: "batch", accelerators: -2, acceleratorHours: 1 },
          ],
        }),
      );
      expect(negative.error!.message).toMatch(/\/jobs\/1\/accelerators/);
      const wrongClass = await ask(
        bus,
        submit,
        encodeMessage({ v: 1, jobs: [{ kind: "training", accelerators: 4, acceleratorHours: 1, latencyClass: "interactive" }] }),
      );
      expect(wrongClass).toMatchObject({ ok: false, error: { code: ErrorCodes.invalidMessage } });
      expect(wrongClass.error!.message).toMatch(/\/jobs\/0\/latencyClass/);
      expect(await ask(bus, submit, encodeMessage({ v: 1, jobs: [] }))).toMatchObject({ ok: false });
      expect(await ask(bus, subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "nope" }))).toMatchObject({
        ok: false,
        error: { code: ErrorCodes.unknownJob },
      });
      expect((await list()).total).toBe(0);
    });

    it("queues a job that cannot fit instead of dropping it, and reports why", async () => {
      const events = collectEvents(bus, run);
      const big = await ask(
        bus,
        submit,
        jobSubmit.encode({
          v: 1,
          jobs: [
            { id: "huge", kind: "training", accelerators: 512, acceleratorHours: 10 },
            { id: "small", kind: "batch", accelerators: 4, acceleratorHours: 1 },
          ],
        }),
      );
      expect(big).toMatchObject({ ok: true, result: { accepted: ["huge", "small"] } });
      expect((await ask(bus, subjects.control(run, "step"), encodeMessage({ ticks: 3 }))).ok).toBe(true);
      await expect
        .poll(() => events.filter((e) => e.kind === EventKinds.jobCompleted || e.kind === EventKinds.jobPlaced).length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(1);
      await expect.poll(async () => (await status(bus, run)).tick, { timeout: 30_000 }).toBe(2);
      const jobs = (await list()).jobs;
      const huge = jobs.find((j) => j.id === "huge")!;
      expect(huge.state).toBe("queued");
      expect(huge.reason).toMatch(/no cluster has 512 free accelerators/);
      expect(events.filter((e) => e.kind === EventKinds.jobQueued).map((e) => e.data.job)).toEqual(["huge"]);
      expect(jobs.find((j) => j.id === "small")!.state).not.toBe("queued");
      expect((await status(bus, run)).queued).toBe(1);
    });

    it("rejects bad telemetry batches with an event, changes no job and keeps deciding", async () => {
      const rejected: OrbitwinEvent[] = [];
      const sub = bus.subscribe(subjects.event(run, EventKinds.inputRejected), (msg) => {
        const e = orbitwinEvent.decode(msg.data);
        if (e.source === "scheduler") rejected.push(e);
      });
      const n = 4;
      const good = {
        v: 2 as const,
        run,
        cluster: "q-p01",
        tick: 5,
        simTimeMs: 0,
        count: n,
        posKm: float64ToBin(new Float64Array(3 * n)),
        velKmS: float64ToBin(new Float64Array(3 * n)),
        latDeg: float64ToBin(new Float64Array(n)),
        lonDeg: float64ToBin(new Float64Array(n)),
        altKm: float64ToBin(new Float64Array(n)),
        sunlitFraction: float64ToBin(new Float64Array(n)),
        status: new Uint8Array(n),
      };
      bus.publish(subjects.clusterTelemetry(run, "q-p01"), new Uint8Array([0xc1]));
      bus.publish(subjects.clusterTelemetry(run, "q-p01"), clusterTelemetry.encode({ ...good, count: 3, status: new Uint8Array(3) }));
      bus.publish(subjects.clusterTelemetry(run, "zz-p01"), clusterTelemetry.encode({ ...good, cluster: "zz-p01" }));
      await expect.poll(() => rejected.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
      sub.unsubscribe();
      const reasons = rejected.map((e) => e.message).join("\n");
      expect(reasons).toMatch(/count: cluster q-p01 has 4 satellites, the batch says 3/);
      expect(reasons).toMatch(/no cluster zz-p01/);
      const before = await list();
      expect((await ask(bus, subjects.control(run, "step"), encodeMessage({ ticks: 2 }))).ok).toBe(true);
      await expect.poll(async () => (await status(bus, run)).tick, { timeout: 30_000 }).toBe(4);
      expect((await list()).jobs.map((j) => [j.id, j.state])).toEqual(before.jobs.map((j) => [j.id, j.state]));
    });

    it("pauses a job while its satellite maneuvers and resumes it after, losing nothing", async () => {
      const events = collectEvents(bus, run);
      const small = jobShowReply.decode(
        (await bus.request(subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "small" }), { timeoutMs: 5000 })).data,
      );
      if (!small.ok) throw new Error(small.error.message);
      const sat = small.result.satellites[0]!.sat;
      const tick = (await status(bus, run)).tick;
      const burn = await ask(
        bus,
        subjects.command(run, "q-p01"),
        clusterCommand.encode({ v: 1, tick, source: "test", commands: [{ sat, maneuver: { id: "dodge-1", deltaVRtnMS: [0, 0.05, 0], interruptS: 180 } }] }),
      );
      expect(burn.ok).toBe(true);
      expect((await ask(bus, subjects.control(run, "step"), encodeMessage({ ticks: 6 }))).ok).toBe(true);
      await expect.poll(() => events.map((e) => e.kind), { timeout: 30_000 }).toEqual(expect.arrayContaining([EventKinds.jobPaused, EventKinds.jobResumed]));
      const paused = events.find((e) => e.kind === EventKinds.jobPaused)!;
      expect(paused.data).toMatchObject({ job: "small", sat });
      const after = jobShowReply.decode(
        (await bus.request(subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "small" }), { timeoutMs: 5000 })).data,
      );
      if (!after.ok) throw new Error(after.error.message);
      expect(after.result.lostAcceleratorHours).toBe(0);
      expect(after.result.restarts).toBe(0);
    });

    it("restarts a job elsewhere from its checkpoint when an injected fault fails an accelerator under it", async () => {
      const events = collectEvents(bus, run);
      expect(
        (
          await ask(
            bus,
            submit,
            jobSubmit.encode({ v: 1, jobs: [{ id: "victim", kind: "training", accelerators: 16, acceleratorHours: 100, checkpointIntervalS: 300 }] }),
          )
        ).ok,
      ).toBe(true);
      expect((await ask(bus, subjects.control(run, "step"), encodeMessage({ ticks: 8 }))).ok).toBe(true);
      await expect.poll(() => events.some((e) => e.kind === EventKinds.jobCheckpointed && e.data.job === "victim"), { timeout: 30_000 }).toBe(true);
      const shown = jobShowReply.decode(
        (await bus.request(subjects.serviceEndpoint(run, "scheduler", "show"), encodeMessage({ id: "victim" }), { timeoutMs: 5000 })).data,
      );
      if (!shown.ok) throw new Error(shown.error.message);
      const sat = shown.result.satellites[0]!.sat;
      const injected = await ask(bus, subjects.inject(run, "accelerator-failure"), injectRequest.encode({ sats: [sat], count: 1 }));
      expect(injected.ok, JSON.stringify(injected.error)).toBe(true);
      expect((await ask(bus, subjects.control(run, "step"), encodeMessage({ ticks: 3 }))).ok).toBe(true);
      await expect.poll(() => events.some((e) => e.kind === EventKinds.jobInterrupted && e.data.job === "victim"), { timeout: 30_000 }).toBe(true);
      const interrupted = events.find((e) => e.kind === EventKinds.jobInterrupted && e.data.job === "victim")!;
      expect(interrupted.data).toMatchObject({ sat, reason: "1 accelerator(s) failed" });
      expect(Number(interrupted.data.lostAcceleratorHours)).toBeLessThanOrEqual((16 * 300) / 3600 + 1e-9);
      const again = events.find((e) => e.kind === EventKinds.jobPlaced && e.data.job === "victim" && e.tick === interrupted.tick);
      expect(again, "placed again in the same tick").toBeDefined();
      expect(again!.data.sats).not.toContain(sat);
    });
  });
});
