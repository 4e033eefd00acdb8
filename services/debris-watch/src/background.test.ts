import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBackground, plantedIntruders, readCatalogFile } from "./background.js";

const dir = mkdtempSync(join(tmpdir(), "debris-catalog-"));
const epochMs = Date.UTC(2021, 9, 2);
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const GOOD_TLE = `IRIDIUM 33 DEB          
1 33772U 97051K   21275.59559378  .00076620  00000-0  36593-2 0  9991
2 33772  86.3828 283.1973 0008798 224.3260 273.2781 15.18682804673260
`;

describe("the background catalog", () => {
  it("reads TLE files, with CRLF line ends too, and dedupes by NORAD id across files", () => {
    write("a.tle", GOOD_TLE);
    write("b.tle", GOOD_TLE.replace(/\n/g, "\r\n"));
    const objects = loadBackground({ catalogs: [{ file: "a.tle" }, { file: "b.tle", sizeM: 2 }] }, dir, 1, epochMs);
    expect(objects.map((o) => o.id)).toEqual(["cat-33772"]);
    expect(objects[0]!.sizeM).toBe(0.5);
  });

  it("names the file and the problem when a catalog is missing, empty or malformed", () => {
    expect(() => readCatalogFile(join(dir, "missing.tle"))).toThrow(/missing\.tle: cannot read it/);
    expect(() => readCatalogFile(write("empty.tle", "\n"))).toThrow(/empty\.tle: .*no element sets/);
    expect(() => readCatalogFile(write("bad.tle", GOOD_TLE.replace(/\n2 /, "\n2 x")))).toThrow(/bad\.tle/);
    expect(() => readCatalogFile(write("bad.json", "{ not json"))).toThrow(/bad\.json/);
  });

  it("adds a synthetic population of the asked size, the same for the same seed", () => {
    const a = loadBackground({ synthetic: { count: 50 } }, dir, 3, epochMs);
    expect(a).toHaveLength(50);
    expect(loadBackground({ synthetic: { count: 50 } }, dir, 3, epochMs)).toEqual(a);
  });

  it("leaves out a planted intruder whose target is not in the fleet, saying so", () => {
    const { objects, problems } = plantedIntruders({ planted: [{ target: "no-such-sat", at: 600, crossingAngleDeg: 90 }] }, epochMs, () => undefined);
    expect(objects).toEqual([]);
    expect(problems).toEqual(["/debris/planted/0/target: no fleet satellite no-such-sat; that intruder is left out"]);
  });
});

describe("neighbour shells in the background", () => {
  it("generates every satellite of another operator's shell, with ids by plane and slot and the given size", () => {
    const objects = loadBackground(
      { neighbours: [{ name: "tw", planes: 4, satsPerPlane: 5, phasing: 1, altKm: 600, thicknessKm: 20, layers: 2, inclinationDeg: 42, sizeM: 2 }] },
      dir,
      1,
      epochMs,
    );
    expect(objects).toHaveLength(20);
    expect(objects[0]).toMatchObject({ id: "nb-tw-p1-s1", sizeM: 2 });
    expect(objects.at(-1)!.id).toBe("nb-tw-p4-s5");
    // planes on two layers, 10 km apart around 600 km
    const motions = new Set(objects.map((o) => o.elements.meanMotionRevPerDay.toFixed(6)));
    expect(motions.size).toBe(2);
    expect(objects.every((o) => o.elements.inclinationDeg === 42)).toBe(true);
  });
});
