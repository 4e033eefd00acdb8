/**
 * What a satellite's color means, per field: a 256-entry palette indexed by the frame's value
 * byte (wire.ts), shared by the map and the globe (a texture), and the legend that explains it.
 */
import { DESTROYED, NO_READING, NO_SIGNAL, VALUE_STEPS, type ViewField } from "../../src/wire.js";

export const HEALTH_COLORS = ["#3ecf6e", "#f2d43d", "#f29a3d", "#b07cf2", "#e04646", "#3dd6f2"];
/** Ramps from the low end of a field's scale to the high end. */
const RAMPS: Record<Exclude<ViewField, "health">, string[]> = {
  battery: ["#d7301f", "#f2d43d", "#3ecf6e"],
  junction: ["#3d7bf2", "#f2d43d", "#e04646"],
  // In Earth's shadow (umbra) to fully sunlit.
  sunlit: ["#3b4cc0", "#8c6bb1", "#f6d743"],
};
export const SHADOW_COLOR = "#3b4cc0";
export const LIT_COLOR = "#f6d743";
const NO_SIGNAL_COLOR = "#777777";
const DESTROYED_COLOR = "#661a1a";

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function ramp(stops: string[], t: number): [number, number, number] {
  const scaled = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(scaled));
  const [a, b] = [rgb(stops[i]!), rgb(stops[i + 1]!)];
  const f = scaled - i;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}

/** RGBA for every value byte of `field`. */
export function palette(field: ViewField): Uint8Array {
  const out = new Uint8Array(256 * 4);
  for (let v = 0; v < 256; v++) {
    let color: [number, number, number];
    if (v === NO_SIGNAL || v === NO_READING) color = rgb(NO_SIGNAL_COLOR);
    else if (v === DESTROYED) color = rgb(DESTROYED_COLOR);
    else if (field === "health") color = rgb(HEALTH_COLORS[v] ?? "#ffffff");
    else color = ramp(RAMPS[field], v / VALUE_STEPS);
    out.set([...color, 255], 4 * v);
  }
  return out;
}

const FIELD_UNITS: Record<ViewField, string> = { health: "", battery: "state of charge", junction: "K", sunlit: "fraction of the Sun seen" };

/** Fills the legend for `field` on the scale the last frame used. */
export function renderLegend(el: HTMLElement, field: ViewField, healthNames: readonly string[], scale: { min: number; max: number }): void {
  el.replaceChildren();
  const item = (color: string, text: string) => {
    const span = document.createElement("span");
    const dot = document.createElement("i");
    dot.style.background = color;
    span.append(dot, text);
    el.append(span);
  };
  if (field === "health") healthNames.forEach((name, i) => item(HEALTH_COLORS[i] ?? "#fff", name));
  else {
    const low = document.createElement("span");
    low.textContent = field === "sunlit" ? "in Earth's shadow" : `${scale.min.toFixed(field === "battery" ? 2 : 0)} ${FIELD_UNITS[field]}`;
    const bar = document.createElement("span");
    bar.className = "ramp";
    bar.style.background = `linear-gradient(to right, ${RAMPS[field].join(", ")})`;
    const high = document.createElement("span");
    high.textContent = field === "sunlit" ? "sunlit" : `${scale.max.toFixed(field === "battery" ? 2 : 0)} ${FIELD_UNITS[field]}`;
    el.append(low, bar, high);
  }
  item(NO_SIGNAL_COLOR, "no signal / no reading");
  if (field !== "sunlit") {
    const note = document.createElement("span");
    note.textContent = "dark center: in Earth's shadow";
    el.append(note);
  }
}
