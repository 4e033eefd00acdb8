/**
 * Admission limits of fault injection on real NATS: a flood of valid injections for one tick is
 * refused past `limits.faultsPerTick` with the limit named, the refused ones never take effect,
 * and the run goes on to its end instead of stalling on a tick its participants would refuse.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unpack } from "msgpackr";
import { expandScenario } from "@orbitwin/coordinator";
import { DEFAULT_RUN_LIMITS, ErrorCodes, encodeMessage, parseScenario, subjects, type FaultRecord } from "@orbitwin/protocol";
import { connectNatsBus, silentLogger, type NatsBus } from "@orbitwin/runtime";
import { clustersAssigned, smallScenarioYaml, startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const RUN = "fault-limits";
const INJECTIONS = 1001;
const IN_PARALLEL = 50;
let bus: NatsBus;
let twin: TwinFixture;

type Reply = { ok: true; result: FaultRecord } | { ok: false; error: { code: string; message: string } };

beforeAll(async () => {
  bus = await connectNatsBus({ url: inject("natsUrl"), name: "fault-limits-test", log: silentLogger() });
  twin = await startTwinOnBus({ bus, run: RUN, hosts: 1, startPaused: true });
  await clustersAssigned(twin);
});

afterAll(async () => {
  await twin?.stop();
  await bus?.drain();
});

describe("fault admission on real NATS", () => {
  it("refuses 1,001 injections for one tick past faultsPerTick, naming the limit, and the run completes", async () => {
    const scenario = parseScenario(smallScenarioYaml, "test scenario");
    const sat = expandScenario(scenario, { run: RUN, source: "test", readElementFile: () => "" })[0]!.satIds[0]!;
    const replies: Reply[] = [];
    for (let first = 0; first < INJECTIONS; first += IN_PARALLEL) {
      const chunk = Array.from({ length: Math.min(IN_PARALLEL, INJECTIONS - first) }, () =>
        bus.request(subjects.inject(RUN, "accelerator-failure"), encodeMessage({ sats: [sat] }), { timeoutMs: 20_000 }),
      );
      for (const reply of await Promise.all(chunk)) replies.push(unpack(reply.data) as Reply);
    }
    const accepted = replies.filter((r) => r.ok);
    const refused = replies.filter((r) => !r.ok);
    expect(accepted).toHaveLength(DEFAULT_RUN_LIMITS.faultsPerTick);
    expect(new Set(accepted.map((r) => r.result.startsAtTick)).size).toBe(1);
    expect(refused).toHaveLength(INJECTIONS - DEFAULT_RUN_LIMITS.faultsPerTick);
    for (const r of refused) {
      expect(r.error.code).toBe(ErrorCodes.limitExceeded);
      expect(r.error.message).toContain(`faultsPerTick = ${DEFAULT_RUN_LIMITS.faultsPerTick}`);
    }

    await bus.request(subjects.control(RUN, "resume"), encodeMessage({}), { timeoutMs: 10_000 });
    const result = await twin.coordinator.finished();
    expect(result.ticks).toBe(twin.coordinator.status().endTick! + 1);
    const listed = unpack((await bus.request(subjects.serviceEndpoint(RUN, "faults", "list"), encodeMessage({}), { timeoutMs: 10_000 })).data) as {
      result: { faults: FaultRecord[] };
    };
    expect(listed.result.faults.length).toBeLessThanOrEqual(DEFAULT_RUN_LIMITS.faultsPerTick);
  });
});
