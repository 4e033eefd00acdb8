import { describe, expect, it } from "vitest";
import { parseJobFile } from "./job-file.js";

describe("job files", () => {
  it("reads one job, a list, or { jobs: [...] } from YAML or JSON", () => {
    expect(parseJobFile("kind: batch\naccelerators: 4\nacceleratorHours: 2\n", "one.yaml")).toEqual([{ kind: "batch", accelerators: 4, acceleratorHours: 2 }]);
    expect(parseJobFile('[{"kind":"inference","accelerators":1,"acceleratorHours":1,"latencyClass":"interactive"}]', "list.json")).toHaveLength(1);
    expect(parseJobFile("jobs:\n  - { id: t1, kind: training, accelerators: 64, acceleratorHours: 128 }\n", "wrapped.yaml")[0]!.id).toBe("t1");
  });

  it("names the bad field and the file", () => {
    expect(() =>
      parseJobFile("jobs:\n  - { kind: batch, accelerators: 4, acceleratorHours: 1 }\n  - { kind: batch, accelerators: 0, acceleratorHours: 1 }\n", "bad.yaml"),
    ).toThrow(/bad\.yaml.*\/jobs\/1\/accelerators/);
    expect(() => parseJobFile("kind: cooking\naccelerators: 1\nacceleratorHours: 1\n", "k.yaml")).toThrow(/\/jobs\/0\/kind/);
    expect(() => parseJobFile("{ not yaml", "broken.yaml")).toThrow(/not valid YAML or JSON/);
  });
});
