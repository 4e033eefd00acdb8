/**
 * The systems of the field as scenarios (scenarios/*.yaml), each flown for a short span through
 * the real twin on the in-process bus: Starcloud-1 and Starcloud-2, Aetherflux's Galactic Brain
 * node, Google's Suncatcher formation, the real Starlink fleet, and the SpaceX orbital data
 * center at 1:100 with debris-watch screening its TeraWave-crossing shell against Blue Origin's
 * TeraWave. (The whole 1:100 data center is flown by spacex-odc.test.ts.)
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DebrisWatch } from "@orbitwin/debris-watch";
import { busPresets, sunSynchronousInclinationDeg } from "@orbitwin/physics";
import { conjunctionListReply, debrisWatchStatusReply, encodeMessage, parseScenario, subjects } from "@orbitwin/protocol";
import { LocalBus, silentLogger, type Bus } from "@orbitwin/runtime";
import { startTwinOnBus, type TwinFixture } from "./twin-fixture.js";

const scenarioDir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const read = (name: string) => readFileSync(`${scenarioDir}${name}`, "utf8");
const readElementFile = (path: string) => readFileSync(`${scenarioDir}${path}`, "utf8");

let twin: TwinFixture | undefined;
let watch: DebrisWatch | undefined;
afterEach(async () => {
  await twin?.stop();
  await watch?.stop();
  twin = undefined;
  watch = undefined;
});

describe.each([
  { file: "starcloud-1.yaml", preset: "starcloud-1-gpu", altKm: 325 },
  { file: "starcloud-2.yaml", preset: "starcloud-2-gpu", altKm: 550 },
  { file: "aetherflux-galactic-brain.yaml", preset: "aetherflux-node-gpu", altKm: 550 },
])("the $file scenario", ({ file, preset, altKm }) => {
  it("names a bus preset the physics package has, and flies its satellite with every subsystem for a few ticks", async () => {
    const yaml = read(file);
    const s = parseScenario(yaml, file);
    expect(s.bus?.preset).toBe(preset);
    const spec = busPresets[preset]!;
    expect(s.constellations[0]).toMatchObject({ altKm, planes: 1, satsPerPlane: 1 });
    twin = await startTwinOnBus({ bus: new LocalBus(), run: file.replace(".yaml", ""), hosts: 1, yaml, durationMs: 30_000 });
    const result = await twin.coordinator.finished();
    expect(result).toMatchObject({ ticks: 4, satellites: 1 });
    expect(result.subsystems).toMatchObject({ acceleratorsActive: spec.acceleratorsActive, sparesLeft: spec.acceleratorSpares });
    expect(result.subsystems!.tempComputeMaxK).toBeLessThan(spec.accelerator.junctionLimitK);
  });
});

describe("the dawn-dusk scenarios", () => {
  it("put Starcloud-2 and the Galactic Brain node at 550 km's Sun-synchronous inclination, node at 18:00", () => {
    for (const file of ["starcloud-2.yaml", "aetherflux-galactic-brain.yaml"]) {
      const c = parseScenario(read(file)).constellations[0]!;
      expect(c).toMatchObject({ kind: "shell", inclinationDeg: "sso", ltanHours: 18 });
    }
    expect(sunSynchronousInclinationDeg(550)).toBeCloseTo(97.6, 1);
  });
});

describe("the suncatcher-81 scenario", () => {
  it("flies the 81-satellite formation for five one-second ticks", async () => {
    twin = await startTwinOnBus({ bus: new LocalBus(), run: "suncatcher", hosts: 1, yaml: read("suncatcher-81.yaml"), durationMs: 5_000 });
    expect(await twin.coordinator.finished()).toMatchObject({ ticks: 6, satellites: 81 });
  });
});

describe("the starlink scenario", () => {
  it("flies the 10,361 satellites of the May 2026 element sets for three ticks", async () => {
    twin = await startTwinOnBus({ bus: new LocalBus(), run: "starlink", hosts: 2, yaml: read("starlink.yaml"), durationMs: 20_000, readElementFile });
    const result = await twin.coordinator.finished();
    expect(result).toMatchObject({ ticks: 3, satellites: 10_361 });
    expect(result.digest).toMatch(/^[0-9a-f]{16}$/);
    // a bound for a loaded machine, not a speed check: about 3 s on a quiet one
  }, 60_000);
});

describe("the spacex-odc-terawave scenario", () => {
  const yaml = read("spacex-odc-terawave.yaml");

  it("flies the same ten shells as the 1:100 data center", () => {
    expect(parseScenario(yaml).constellations).toEqual(parseScenario(read("spacex-odc-10k.yaml")).constellations);
  });

  it("has debris-watch screen the i30-600 shell against TeraWave's 5,408 and find close approaches with them", async () => {
    // A reduced sample for a short test: of the ten shells, the 1,200 satellites of the one TeraWave's
    // LEO shells cross (575-625 km), screened 10 minutes ahead instead of 30; the neighbours as the file has them.
    const sample = yaml
      .split("\n")
      .filter((line) => !line.startsWith("  - { kind: shell") || line.includes("name: i30-600,"))
      .join("\n")
      .replace("lookAhead: 30m", "lookAhead: 10m");
    const scenario = parseScenario(sample);
    expect(scenario.constellations.map((c) => c.name)).toEqual(["i30-600"]);
    expect(scenario.debris!.lookAhead).toBe("10m");
    const neighbours = scenario.debris!.neighbours!;
    expect(neighbours.reduce((n, s) => n + s.planes * s.satsPerPlane, 0)).toBe(5_408);
    const bus: Bus = new LocalBus();
    const run = "odc-terawave";
    watch = new DebrisWatch({ bus, run, config: scenario.debris, seed: scenario.seed, epochMs: scenario.epochMs, baseDir: scenarioDir, log: silentLogger() });
    await watch.start();
    twin = await startTwinOnBus({ bus, run, hosts: 1, yaml: sample, durationMs: 10_000, requiredParticipants: ["debris-watch"] });
    expect(await twin.coordinator.finished()).toMatchObject({ ticks: 2, satellites: 1_200 });
    const ask = async (endpoint: string, body: object) =>
      (await bus.request(subjects.serviceEndpoint(run, "debris-watch", endpoint), encodeMessage(body), { timeoutMs: 30_000 })).data;
    const status = debrisWatchStatusReply.decode(await ask("status", {}));
    if (!status.ok) throw new Error(status.error.message);
    expect(status.result).toMatchObject({ fleetObjects: 1_200, debrisObjects: 5_408, collisions: 0 });
    const listed = conjunctionListReply.decode(await ask("list", { limit: 10_000 }));
    if (!listed.ok) throw new Error(listed.error.message);
    const withTeraWave = listed.result.conjunctions.filter((c) => c.secondary.startsWith("nb-terawave-") || c.primary.startsWith("nb-terawave-"));
    expect(withTeraWave.length).toBeGreaterThan(0);
    // TeraWave's MEO shell at 8,000 km never comes within 5 km of a fleet that stays below 2,000 km.
    expect(withTeraWave.some((c) => c.secondary.startsWith("nb-terawave-meo") || c.primary.startsWith("nb-terawave-meo"))).toBe(false);
    // a bound for a loaded machine, not a speed check
  }, 180_000);
});
