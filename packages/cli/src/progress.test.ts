import { describe, expect, it } from "vitest";
import { Progress, formatEta, renderProgress } from "./progress.js";

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => writes.push(t) };
}

describe("progress", () => {
  it("renders share, amounts, achieved rate and time left", () => {
    const line = renderProgress({ label: "export", done: 250, total: 1000, elapsedMs: 5000, formatRate: (r) => `${r}/s`, formatAmount: String, bar: true });
    expect(line).toBe("export [######------------------] 25% 250/1000  50/s  ETA 15 s");
  });

  it("says the time left is unknown before anything is done", () => {
    expect(renderProgress({ label: "x", done: 0, total: 10, elapsedMs: 0, formatRate: String, formatAmount: String, bar: false })).toBe("x 0% 0/10  0  ETA -");
    expect(formatEta(7200)).toBe("2.0 h");
  });

  it("redraws one line in place on a terminal", () => {
    let now = 0;
    const out = sink(true);
    const p = new Progress({ label: "run", total: 100, sink: out, now: () => now });
    for (const done of [10, 20, 30]) {
      now += 200;
      p.update(done);
    }
    p.finish();
    expect(out.writes.slice(0, 3).every((w) => w.startsWith("\r\x1b[2Krun ["))).toBe(true);
    expect(out.writes.at(-2)).toContain("30% 30/100");
    expect(out.writes.at(-1)).toBe("\n");
  });

  it("prints nothing for a command that ends within the first period", () => {
    let now = 0;
    const out = sink(true);
    const p = new Progress({ label: "quick", total: 3, sink: out, now: () => now });
    now += 50;
    p.update(3);
    p.finish();
    expect(out.writes).toEqual([]);
  });

  it("writes plain lines every few seconds off a terminal, and nothing when disabled", () => {
    let now = 0;
    const out = sink(false);
    const p = new Progress({ label: "report", total: 10, sink: out, now: () => now, lineEveryMs: 5000 });
    for (let i = 1; i <= 10; i++) {
      now += 1000;
      p.update(i);
    }
    p.finish();
    expect(out.writes).toEqual(["report 50% 5/10  1.0/s  ETA 5 s\n", "report 100% 10/10  1.0/s  ETA 0 s\n", "report 100% 10/10  1.0/s  ETA 0 s\n"]);
    const quiet = sink(true);
    const off = new Progress({ label: "x", total: 1, sink: quiet, enabled: false });
    off.update(1);
    off.finish();
    expect(quiet.writes).toEqual([]);
  });
});
