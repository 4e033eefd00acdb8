import { describe, expect, it } from "vitest";
import { buildCzml, temeToFixedM } from "./czml.js";
import { ccsdsEpoch, formatOem } from "./oem.js";
import { clusterSeries, fleetFieldNames, fleetSeries, satelliteSeries } from "./series.js";
import { toCsv, toJsonLines } from "./table-formats.js";
import { collectTracks } from "./tracks.js";
import { float32ToBin, float64ToBin, type ClusterTelemetry, type FleetTelemetry } from "@orbitwin/protocol";

interface SatState {
  sat: string;
  posKm: [number, number, number];
  velKmS: [number, number, number];
  altKm: number;
  status?: number;
  generatedW?: number;
}

function batch(cluster: string, tick: number, simTimeMs: number, sats: SatState[]): ClusterTelemetry {
  const n = sats.length;
  const withBus = sats.some((s) => s.generatedW !== undefined);
  return {
    v: 2,
    run: "r",
    cluster,
    tick,
    simTimeMs,
    count: n,
    posKm: float64ToBin(new Float64Array(sats.flatMap((s) => s.posKm))),
    velKmS: float64ToBin(new Float64Array(sats.flatMap((s) => s.velKmS))),
    latDeg: float64ToBin(new Float64Array(n)),
    lonDeg: float64ToBin(new Float64Array(n)),
    altKm: float64ToBin(new Float64Array(sats.map((s) => s.altKm))),
    sunlitFraction: float64ToBin(new Float64Array(n).fill(1)),
    status: new Uint8Array(sats.map((s) => s.status ?? 0)),
    ...(withBus ? { generatedW: float32ToBin(new Float32Array(sats.map((s) => s.generatedW ?? NaN))) } : {}),
  };
}

const t0 = Date.parse("2026-05-13T00:00:00Z");
const a = (i: number) => ({
  sat: "a",
  posKm: [7000 + i, 1, 2] as [number, number, number],
  velKmS: [0.1, 7.5, 0.2] as [number, number, number],
  altKm: 620 + i,
  generatedW: 100 * i,
});
const b = (i: number, status = 0) => ({
  sat: "b",
  posKm: [0, 7100 + i, 3] as [number, number, number],
  velKmS: [-7.5, 0, 0.1] as [number, number, number],
  altKm: 700,
  status,
  generatedW: 50,
});
const batches = [0, 1, 2].map((i) => batch("c1", i * 10, t0 + i * 100_000, [a(i), b(i, i === 1 ? 1 : 0)]));
/** The cluster definitions' ids: batches name their slots by their order. */
const satIds = new Map([["c1", ["a", "b"]]]);

describe("satellite tracks", () => {
  it("collects each chosen satellite's states in time order, leaving out failed propagations and reruns", () => {
    const tracks = collectTracks([...batches, batches[1]!], satIds);
    expect([...tracks.keys()]).toEqual(["a", "b"]);
    expect(tracks.get("a")!.samples.map((s) => s.posKm[0])).toEqual([7000, 7001, 7002]);
    expect(tracks.get("b")!.samples.map((s) => s.simTimeMs)).toEqual([t0, t0 + 200_000]);
    expect([...collectTracks(batches, satIds, new Set(["b"])).keys()]).toEqual(["b"]);
  });

  it("leaves out the batches of a cluster whose ids it was not given or that do not fit them", () => {
    expect(collectTracks(batches, new Map()).size).toBe(0);
    expect(collectTracks(batches, new Map([["c1", ["a"]]])).size).toBe(0);
  });
});

describe("CCSDS OEM", () => {
  const text = formatOem([...collectTracks(batches, satIds).values()], { creationDateMs: Date.parse("2026-06-01T12:00:00Z"), comment: "run r" });
  const lines = text.split("\n");

  it("writes the version 2.0 header and one metadata block per satellite with the mandatory keys", () => {
    expect(lines.slice(0, 4)).toEqual(["CCSDS_OEM_VERS = 2.0", "COMMENT run r", "CREATION_DATE = 2026-06-01T12:00:00.000", "ORIGINATOR = ORBITWIN"]);
    const meta = text
      .split("META_START")
      .slice(1)
      .map((block) => block.split("META_STOP")[0]!.trim().split("\n"));
    expect(meta).toHaveLength(2);
    expect(meta[0]).toEqual([
      "OBJECT_NAME = a",
      "OBJECT_ID = a",
      "CENTER_NAME = EARTH",
      "REF_FRAME = TEME",
      "TIME_SYSTEM = UTC",
      "START_TIME = 2026-05-13T00:00:00.000",
      "STOP_TIME = 2026-05-13T00:03:20.000",
    ]);
  });

  it("writes data lines of epoch, position in km and velocity in km/s", () => {
    const data = lines.filter((l) => /^\d{4}-/.test(l));
    expect(data).toHaveLength(5);
    expect(data[1]!.split(" ")).toEqual(["2026-05-13T00:01:40.000", "7001.000000", "1.000000", "2.000000", "0.100000000", "7.500000000", "0.200000000"]);
    expect(ccsdsEpoch(t0 + 1)).toBe("2026-05-13T00:00:00.001");
  });
});

describe("CZML", () => {
  const packets = buildCzml([...collectTracks(batches, satIds).values()], { name: "run r" });

  it("starts with a document packet whose clock spans the samples", () => {
    expect(packets[0]).toMatchObject({
      id: "document",
      version: "1.0",
      name: "run r",
      clock: { interval: "2026-05-13T00:00:00.000Z/2026-05-13T00:03:20.000Z", currentTime: "2026-05-13T00:00:00.000Z" },
    });
  });

  it("gives each satellite time-tagged Earth-fixed positions in metres from its epoch, with interpolation", () => {
    expect(packets.map((p) => p.id)).toEqual(["document", "a", "b"]);
    const position = packets[1]!.position as {
      epoch: string;
      referenceFrame: string;
      interpolationAlgorithm: string;
      interpolationDegree: number;
      cartesian: number[];
    };
    expect(position).toMatchObject({ epoch: "2026-05-13T00:00:00.000Z", referenceFrame: "FIXED", interpolationAlgorithm: "LAGRANGE", interpolationDegree: 2 });
    expect(position.cartesian).toHaveLength(3 * 4);
    expect(position.cartesian.filter((_, i) => i % 4 === 0)).toEqual([0, 100, 200]);
    const [x, y, z] = position.cartesian.slice(1, 4) as [number, number, number];
    // A rotation about z keeps the radius and the height.
    expect(Math.hypot(x, y, z)).toBeCloseTo(Math.hypot(7000, 1, 2) * 1000, 3);
    expect(z).toBe(2000);
    expect(temeToFixedM([7000, 1, 2], t0)).toEqual([x, y, z]);
  });
});

describe("time series", () => {
  it("reads one satellite's column and a cluster's mean, min and max over finite values", () => {
    expect(satelliteSeries(batches, { cluster: "c1", slot: 0 }, "altKm").map((p) => p.value)).toEqual([620, 621, 622]);
    expect(satelliteSeries(batches, { cluster: "c1", slot: 0 }, "generatedW").map((p) => p.value)).toEqual([0, 100, 200]);
    expect(clusterSeries(batches, "c1", "altKm")[1]).toEqual({ simTimeMs: t0 + 100_000, tick: 10, mean: 660.5, min: 621, max: 700 });
    expect(() => satelliteSeries(batches, { cluster: "c1", slot: 0 }, "altitude")).toThrow(
      /"altitude" is not a satellite column: use one of latDeg, lonDeg, altKm/,
    );
  });

  it("reads fleet fields by dotted path and names the fields there are when one is unknown", () => {
    const fleet = [{ v: 1, run: "r", tick: 0, simTimeMs: t0, sunlit: 3.5, subsystems: { generatedW: 10, byHealth: [1, 2] } }] as unknown as FleetTelemetry[];
    expect(fleetFieldNames(fleet[0]!)).toEqual(["tick", "simTimeMs", "sunlit", "subsystems.generatedW", "subsystems.byHealth.0", "subsystems.byHealth.1"]);
    expect(fleetSeries(fleet, "subsystems.byHealth.1")).toEqual([{ simTimeMs: t0, tick: 0, value: 2 }]);
    expect(() => fleetSeries(fleet, "power")).toThrow(/"power" is not in the fleet history: use one of tick, simTimeMs, sunlit/);
  });
});

describe("CSV and JSON lines", () => {
  it("quotes what needs quoting and leaves missing values empty", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 1],
          ['say "hi"', null],
          ["", NaN],
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n"say ""hi""",\r\n,\r\n');
  });

  it("writes one object per line with null for non-finite numbers", () => {
    expect(toJsonLines([{ a: 1 }, { a: NaN, b: "x" }])).toBe('{"a":1}\n{"a":null,"b":"x"}\n');
  });
});
