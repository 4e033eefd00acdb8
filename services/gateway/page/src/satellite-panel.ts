/**
 * The selected satellite: its latest readings, its recent past (the gateway keeps the readings of
 * the satellites pages look at, the first one from the start), its events, and its orbit for the
 * map and the globe. A satellite is selected from the start (the first on view), so the panel is
 * never empty; a click on the map selects another.
 */
import { getJson } from "./api.js";
import { timeChart, type TimeChart } from "./charts.js";

interface Sample {
  tick: number;
  simTimeMs: number;
  sunlitFraction: number;
  readings: Record<string, number>;
}

export interface SatelliteReply {
  latest: {
    sat: string;
    cluster: string;
    tick: number;
    latDeg: number;
    lonDeg: number;
    altKm: number;
    sunlitFraction: number;
    health?: string;
    readings: Record<string, number>;
  };
  history: Sample[];
  events: { tick: number; kind: string; severity: string; message: string }[];
  paths?: { groundTrack: [number, number][]; orbit: [number, number, number][]; periodS: number };
}

export class SatellitePanel {
  readonly #title: HTMLElement;
  readonly #info: HTMLElement;
  readonly #events: HTMLElement;
  readonly #charts: { power: TimeChart; battery: TimeChart; temp: TimeChart; dose: TimeChart };
  #selected: string | undefined;

  constructor(elements: { title: HTMLElement; info: HTMLElement; charts: HTMLElement; events: HTMLElement }) {
    this.#title = elements.title;
    this.#info = elements.info;
    this.#events = elements.events;
    this.#charts = {
      power: timeChart(elements.charts, "power, W", [
        { label: "generated", color: "#f2d43d" },
        { label: "used", color: "#e04646" },
      ]),
      battery: timeChart(elements.charts, "battery state of charge", [{ label: "battery", color: "#3ecf6e" }]),
      temp: timeChart(elements.charts, "temperatures, K", [
        { label: "junction", color: "#e04646" },
        { label: "compute", color: "#f29a3d" },
        { label: "radiator", color: "#3dd6f2" },
      ]),
      dose: timeChart(elements.charts, "total dose, rad(Si)", [{ label: "dose", color: "#b07cf2" }]),
    };
  }

  get selected(): string | undefined {
    return this.#selected;
  }

  select(sat: string): void {
    this.#selected = sat;
    this.#title.textContent = sat;
    this.#info.textContent = "loading";
  }

  /** Asks the gateway for the selected satellite; resolves with its reply (undefined when none is selected). */
  async refresh(): Promise<SatelliteReply | undefined> {
    const sat = this.#selected;
    if (!sat) return undefined;
    let reply: SatelliteReply;
    try {
      reply = await getJson<SatelliteReply>(`api/sat?id=${encodeURIComponent(sat)}`);
    } catch (err) {
      this.#info.textContent = err instanceof Error ? err.message : String(err);
      return undefined;
    }
    if (sat !== this.#selected) return undefined;
    const s = reply.latest;
    const r = s.readings;
    const num = (v: number | undefined, digits: number, unit: string) => (v === undefined ? "-" : `${v.toFixed(digits)} ${unit}`);
    this.#info.textContent =
      `${s.sat} in ${s.cluster}: ${s.health ?? "no bus"}, ${s.sunlitFraction < 0.01 ? "in Earth's shadow" : s.sunlitFraction < 0.99 ? "in penumbra" : "sunlit"}\n` +
      `lat ${s.latDeg.toFixed(2)}  lon ${s.lonDeg.toFixed(2)}  alt ${s.altKm.toFixed(1)} km\n` +
      `power ${num(r.generatedW, 0, "W")} generated, ${num(r.consumedW, 0, "W")} used, battery ${num(r.batterySoc === undefined ? undefined : 100 * r.batterySoc, 0, "%")}\n` +
      `junction ${num(r.junctionK, 1, "K")}, dose ${num(r.doseRad, 1, "rad(Si)")}`;
    const x = reply.history.map((h) => h.simTimeMs);
    const col = (key: string) => reply.history.map((h) => h.readings[key] ?? null);
    this.#charts.power.setData(x, [col("generatedW"), col("consumedW")]);
    this.#charts.battery.setData(x, [col("batterySoc")]);
    this.#charts.temp.setData(x, [col("junctionK"), col("tempComputeK"), col("tempRadiatorK")]);
    this.#charts.dose.setData(x, [col("doseRad")]);
    this.#events.replaceChildren(
      ...(reply.events.length ? reply.events : [{ tick: s.tick, kind: "-", severity: "info", message: "no events for this satellite yet" }]).map((e) => {
        const li = document.createElement("li");
        li.className = e.severity;
        li.textContent = `[${e.tick}] ${e.kind}: ${e.message}`;
        return li;
      }),
    );
    return reply;
  }
}
