/** Human-readable numbers: every figure with its unit. */

export function formatSimTime(simTimeMs: number): string {
  return new Date(simTimeMs).toISOString().replace(".000Z", "Z");
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function formatSpeed(speed: number | null): string {
  return speed === null ? "max" : `${trim(speed)}x`;
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${trim(ms / 1000)} s` : `${trim(ms)} ms`;
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${trim(s)} s`;
  if (s < 7200) return `${trim(s / 60)} min`;
  if (s < 172_800) return `${trim(s / 3600)} h`;
  return `${trim(s / 86_400)} d`;
}

/** Bytes in binary units: 512 B, 3.4 MiB, 1.9 GiB. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${trim(value)} ${units[unit]}`;
}

/** Power in the unit that keeps it short: 850 W, 12.5 kW, 174 GW (generated over used reads "174/96.5 GW"). */
export function formatPowerW(powerW: number): string {
  const units = ["W", "kW", "MW", "GW", "TW"];
  let value = powerW;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} W` : `${trim(value)} ${units[unit]}`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** Left-aligned table with a header row. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** One line about the fleet's subsystems, for progress and watch output. */
export function formatSubsystems(
  s: { generatedW: number; consumedW: number; acceleratorsActive: number; acceleratorsFailed: number; tempComputeMaxK: number; byHealth: number[] } | undefined,
): string {
  if (!s) return "";
  const [, throttled = 0, degraded = 0, safe = 0, dead = 0] = s.byHealth;
  return `  power ${formatPowerW(s.generatedW)} made, ${formatPowerW(s.consumedW)} used  GPUs ${formatCount(s.acceleratorsActive)} (${formatCount(s.acceleratorsFailed)} failed)  Tmax ${s.tempComputeMaxK.toFixed(0)} K  throttled ${formatCount(throttled)} degraded ${formatCount(degraded)} safe ${formatCount(safe)} dead ${formatCount(dead)}`;
}
