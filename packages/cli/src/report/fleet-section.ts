/** The report's fleet charts: sunlight, power, temperatures, compute, accelerators and health, one sample per tick. Pure. */
import { HealthNames, type FleetTelemetry } from "@orbitwin/protocol";
import { CHART_COLORS as C, renderChartSection, type ChartSeries, type ChartSpec } from "./uplot-chart.js";

type Subsystems = NonNullable<FleetTelemetry["subsystems"]>;

function line(fleet: readonly FleetTelemetry[], name: string, color: string, value: (s: Subsystems) => number | null): ChartSeries {
  return { name, color, values: fleet.map((f) => (f.subsystems ? value(f.subsystems) : null)) };
}

/** The fleet charts' specs; only the sunlight chart when the satellites fly no bus. */
export function fleetCharts(fleet: readonly FleetTelemetry[]): ChartSpec[] {
  const timesMs = fleet.map((f) => f.simTimeMs);
  const charts: ChartSpec[] = [
    {
      id: "fleet-sunlight",
      title: "Sunlight and failed propagation",
      yUnit: "satellites",
      timesMs,
      includeZero: true,
      series: [
        { name: "sunlit (sum of sunlit fractions)", color: C[3], values: fleet.map((f) => f.sunlit) },
        { name: "propagation failed", color: C[1], values: fleet.map((f) => f.failed) },
      ],
    },
  ];
  if (!fleet.some((f) => f.subsystems)) return charts;
  charts.push(
    {
      id: "fleet-power",
      title: "Power",
      yUnit: "kW",
      timesMs,
      includeZero: true,
      series: [line(fleet, "generated", C[2], (s) => s.generatedW / 1000), line(fleet, "consumed", C[1], (s) => s.consumedW / 1000)],
    },
    {
      id: "fleet-temperature",
      title: "Compute node temperature",
      yUnit: "K",
      timesMs,
      series: [
        line(fleet, "min", C[0], (s) => s.tempComputeMinK),
        line(fleet, "mean", C[2], (s) => s.tempComputeMeanK),
        line(fleet, "max", C[1], (s) => s.tempComputeMaxK),
      ],
    },
    {
      id: "fleet-compute",
      title: "Compute delivered",
      yUnit: "accelerator-hours",
      timesMs,
      includeZero: true,
      series: [line(fleet, "accelerator-hours so far", C[4], (s) => s.acceleratorHours)],
    },
    {
      id: "fleet-accelerators",
      title: "Accelerators by state",
      yUnit: "accelerators",
      timesMs,
      includeZero: true,
      integer: true,
      series: [
        line(fleet, "active", C[2], (s) => s.acceleratorsActive),
        line(fleet, "failed", C[1], (s) => s.acceleratorsFailed),
        line(fleet, "spares left", C[0], (s) => s.sparesLeft),
      ],
    },
    {
      id: "fleet-health",
      title: "Health",
      yUnit: "satellites",
      timesMs,
      includeZero: true,
      integer: true,
      series: HealthNames.map((name, i) => line(fleet, name, C[i % C.length]!, (s) => s.byHealth[i] ?? null)),
    },
  );
  return charts;
}

export function fleetSection(fleet: readonly FleetTelemetry[]): string {
  const charts = fleetCharts(fleet).map(renderChartSection).join("\n");
  if (fleet.some((f) => f.subsystems)) return charts;
  return `${charts}<p class="n">The satellites of this run fly no bus, so there is no power, thermal, compute or health history.</p>`;
}
