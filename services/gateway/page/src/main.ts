/**
 * The dashboard page: asks the gateway who it is, follows the binary stream, draws the fleet on
 * the map or the globe, and keeps the panels current. State a test or a benchmark reads is on
 * `document.body.dataset`: drawn (satellites drawn), simTime, view, field (asked for), frameField
 * (of the frame drawn), role, frameMs; and the work per positions frame is the performance
 * measure "orbitwin.frame".
 */
import "./style.css";
import type { IdsMessage, SessionInfo } from "../../src/api-schemas.js";
import type { PositionsFrame, ViewField } from "../../src/wire.js";
import { getJson } from "./api.js";
import { palette, renderLegend } from "./colors.js";
import { FleetPanel, JobsPanel, type FleetMessage, type JobsMessage } from "./fleet-panels.js";
import { GlobeView } from "./globe-view.js";
import { MapView } from "./map-view.js";
import { logEvent, refreshConjunctions, refreshFaults, refreshSession, wireControls } from "./ops-panels.js";
import { SatellitePanel } from "./satellite-panel.js";
import { followStream } from "./stream.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const body = document.body.dataset;

async function boot(): Promise<void> {
  let session: SessionInfo = await refreshSession();
  document.title = `orbitwin ${session.run}`;
  $("run").textContent = `run ${session.run}`;
  wireControls(session, (s) => (session = s));

  const map = new MapView($("map-wrap"), $<HTMLCanvasElement>("map-base"), $<HTMLCanvasElement>("map-points"), $<HTMLCanvasElement>("map-overlay"));
  const globe = new GlobeView($<HTMLCanvasElement>("globe"));
  const fleet = new FleetPanel($("fleet-info"), $("fleet-charts"), session.healthNames);
  const jobs = new JobsPanel($("jobs-info"), $("jobs-charts"));
  const satellite = new SatellitePanel({ title: $("sat-id"), info: $("sat-info"), charts: $("sat-charts"), events: $("sat-events") });
  const tickTimes = new Map<number, number>();
  const jobsTime = (m: JobsMessage) => m.simTimeMs ?? tickTimes.get(m.tick) ?? fleet.simTimeMs;
  const onFleet = (f: FleetMessage) => {
    tickTimes.set(f.tick, f.simTimeMs);
    if (tickTimes.size > 2000) tickTimes.delete(tickTimes.keys().next().value!);
  };

  const history = await getJson<{ fleet: FleetMessage[]; jobs: JobsMessage[]; events: { tick: number; kind: string; severity: string; message: string }[] }>(
    "api/history",
  );
  history.fleet.forEach(onFleet);
  fleet.add(history.fleet);
  jobs.add(history.jobs, jobsTime);
  history.events.forEach(logEvent);

  let ids: IdsMessage | undefined;
  let frame: PositionsFrame | undefined;
  let field: ViewField = "health";
  let view: "map" | "globe" = "map";
  let selectedIndex = -1;
  let track: [number, number][] = [];
  /** someone chose a satellite (a click or the search): the panel no longer follows the first on view */
  let picked = false;

  const fieldSelect = $<HTMLSelectElement>("field");
  fieldSelect.replaceChildren(...session.fields.map((f) => new Option(f, f)));
  const applyPalette = () => {
    const rgba = palette(field);
    map.setPalette(rgba, field !== "sunlit");
    globe.setPalette(rgba, field !== "sunlit");
    renderLegend($("legend"), field, session.healthNames, { min: frame?.fieldMin ?? 0, max: frame?.fieldMax ?? 1 });
    body.field = field;
  };
  applyPalette();

  const layout = () => {
    const { width, height } = map.resize();
    const wrap = $("globe-wrap");
    globe.resize(wrap.clientWidth || width, wrap.clientHeight || height);
    render();
  };
  const render = () => {
    const started = performance.now();
    if (view === "map") body.drawn = String(map.draw());
    else {
      globe.draw();
      body.drawn = String(frame?.latDeg.length ?? 0);
    }
    body.frameMs = (performance.now() - started).toFixed(2);
  };
  const selectIndex = () => {
    selectedIndex = ids && satellite.selected ? ids.ids.indexOf(satellite.selected) : -1;
    map.select(selectedIndex, track);
  };

  const onFrame = (f: PositionsFrame) => {
    const scaleChanged = frame?.fieldMin !== f.fieldMin || frame?.fieldMax !== f.fieldMax;
    frame = f;
    body.simTime = String(f.simTimeMs);
    body.frameField = f.field;
    $("clock").textContent = `${new Date(f.simTimeMs).toISOString().replace(".000Z", "Z")} · ${f.latDeg.length.toLocaleString()} satellites on view`;
    map.setFrame(f, medianAltKm(f.altKm));
    globe.setFrame(f);
    if (scaleChanged && field !== "health") renderLegend($("legend"), field, session.healthNames, { min: f.fieldMin, max: f.fieldMax });
    // Until someone picks a satellite, the panel follows the first on view: clusters come into
    // view in any order, and one seen later may sort first.
    if (!picked && ids?.ids[0] && satellite.selected !== ids.ids[0]) show(ids.ids[0]);
    selectIndex();
    render();
    performance.measure("orbitwin.frame", "orbitwin.frame-received");
    performance.clearMarks("orbitwin.frame-received");
    // Kept for a benchmark to read, never without bound.
    if (performance.getEntriesByName("orbitwin.frame").length > 600) performance.clearMeasures("orbitwin.frame");
  };

  let controller = new AbortController();
  const handlers = {
    onIds: (m: IdsMessage) => {
      ids = m;
      $("sampling").textContent =
        m.stride > 1
          ? `sampled: every ${m.stride}th of ${m.total.toLocaleString()} satellites is drawn (the page gets at most ${session.maxPoints.toLocaleString()})`
          : "";
      body.sampled = String(m.stride > 1);
    },
    onFrame,
    onJson: (m: { type: string }) => {
      if (m.type === "fleet") {
        onFleet(m as unknown as FleetMessage);
        fleet.add([m as unknown as FleetMessage]);
      } else if (m.type === "jobs") jobs.add([m as unknown as JobsMessage], jobsTime);
      else if (m.type === "event") {
        const e = m as unknown as { tick: number; kind: string; severity: string; message: string };
        logEvent(e);
        // A conjunction's news shows at once, not at the next poll.
        if (e.kind.startsWith("conjunction-") || e.kind.startsWith("maneuver-")) void refreshConjunctions(frame?.simTimeMs);
        if (e.kind.startsWith("fault-")) void refreshFaults();
      }
    },
    onState: (state: string) => {
      body.stream = state;
      $("view-note").textContent = state === "live" ? "" : state;
    },
  };
  const follow = () => void followStream(field, handlers, controller.signal);
  follow();
  fieldSelect.onchange = () => {
    field = fieldSelect.value as ViewField;
    applyPalette();
    // The gateway sends only the field on view: a new field is a new stream.
    controller.abort();
    controller = new AbortController();
    follow();
  };

  const pollSatellite = async () => {
    const reply = await satellite.refresh();
    if (!reply) return;
    track = reply.paths?.groundTrack ?? [];
    globe.setOrbit(reply.paths?.orbit ?? []);
    selectIndex();
    render();
  };
  /** Selects `sat`, dropping the last one's ground track until its own arrives. */
  const show = (sat: string) => {
    satellite.select(sat);
    track = [];
    void pollSatellite();
  };
  $("map-points").style.pointerEvents = "none";
  $("map-base").style.pointerEvents = "none";
  $("map-overlay").addEventListener("click", (e) => {
    const rect = (e.target as HTMLElement).getBoundingClientRect();
    const i = map.pick(e.clientX - rect.left, e.clientY - rect.top);
    const sat = i >= 0 ? ids?.ids[i] : undefined;
    if (!sat) return;
    picked = true;
    show(sat);
  });

  const find = $<HTMLInputElement>("sat-find");
  find.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const sat = find.value.trim();
    if (!ids?.ids.includes(sat)) {
      $("view-note").textContent = `no satellite "${sat}" on view${ids && ids.stride > 1 ? " (the fleet is sampled: it may be one not drawn)" : ""}`;
      return;
    }
    $("view-note").textContent = "";
    picked = true;
    show(sat);
  });

  const switchView = (to: "map" | "globe") => {
    view = to;
    body.view = to;
    $("map-wrap").hidden = to !== "map";
    $("globe-wrap").hidden = to !== "globe";
    $("view-map").classList.toggle("on", to === "map");
    $("view-globe").classList.toggle("on", to === "globe");
    layout();
  };
  $("view-map").onclick = () => switchView("map");
  $("view-globe").onclick = () => switchView("globe");
  $("focus").onclick = () => {
    switchView("globe");
    const index = ids && satellite.selected ? ids.ids.indexOf(satellite.selected) : -1;
    globe.focus(index >= 0 ? index : undefined);
    render();
  };
  window.addEventListener("resize", layout);
  layout();
  // The globe redraws when dragged or zoomed; a cheap check each animation frame.
  const loop = () => {
    if (view === "globe") globe.draw();
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  setInterval(() => void pollSatellite(), 2000);
  const slow = () => {
    void refreshConjunctions(frame?.simTimeMs);
    void refreshFaults();
  };
  slow();
  setInterval(slow, 5000);
  body.ready = "true";
}

/** The median height of (an even sample of at most 1,001 of) the satellites: where the map draws Earth's shadow. */
function medianAltKm(altKm: Float32Array): number | undefined {
  const step = Math.max(1, Math.floor(altKm.length / 1001));
  const sample: number[] = [];
  for (let i = 0; i < altKm.length; i += step) if (Number.isFinite(altKm[i])) sample.push(altKm[i]!);
  sample.sort((a, b) => a - b);
  return sample[Math.floor(sample.length / 2)];
}

boot().catch((err: unknown) => {
  $("view-note").textContent = `the page could not start: ${err instanceof Error ? err.message : String(err)}`;
  body.error = String(err);
});
