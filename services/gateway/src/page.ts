/**
 * The dashboard page: one self-contained HTML document (no CDN, no framework). The live fleet is
 * drawn as WebGL points on an equirectangular map (Canvas 2D when WebGL is unavailable), colored
 * by health; a satellite panel charts the clicked satellite; fleet charts, the event log, run
 * controls and the fault form talk to the gateway only.
 */
import { FaultKinds, HealthNames } from "@orbitwin/protocol";

const HEALTH_COLORS = ["#3ecf6e", "#f2d43d", "#f29a3d", "#b07cf2", "#e04646", "#3dd6f2"];

export function dashboardHtml(run: string): string {
  const faults = FaultKinds.map((k) => `<option value="${k}">${k}</option>`).join("");
  const legend =
    HealthNames.map((h, i) => `<span><i style="background:${HEALTH_COLORS[i]}"></i>${h}</span>`).join("") +
    `<span><i style="background:#777"></i>no signal</span>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orbitwin ${escapeHtml(run)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font:13px system-ui,sans-serif;background:#0b1020;color:#dde3f0;display:grid;grid-template-columns:1fr 360px;grid-template-rows:auto 1fr;height:100vh}
header{grid-column:1/3;padding:6px 12px;background:#131a33;display:flex;gap:16px;align-items:center}
header b{font-size:15px}#map-wrap{position:relative;min-height:0}canvas.layer{position:absolute;inset:0;width:100%;height:100%}
aside{overflow:auto;padding:8px 10px;background:#10162b;border-left:1px solid #222b4a}
h2{font-size:12px;text-transform:uppercase;color:#8fa0c8;margin:12px 0 4px}
.legend span{margin-right:8px;white-space:nowrap}.legend i{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:3px}
#events{list-style:none;padding:0;margin:0;max-height:220px;overflow:auto;font-family:ui-monospace,monospace;font-size:11px}
#events li{border-bottom:1px solid #1d2544;padding:2px 0}#events li.warning{color:#f2d43d}#events li.error,#events li.critical{color:#ff7a7a}
canvas.chart{width:100%;height:70px;background:#0b1020;border:1px solid #222b4a;margin-bottom:4px}
input,select,button{background:#1a2242;color:#dde3f0;border:1px solid #33406b;border-radius:3px;padding:3px 6px;font:inherit}
button{cursor:pointer}label{display:block;margin:3px 0}#sat-info,#fleet-info{font-family:ui-monospace,monospace;font-size:11px;white-space:pre}
</style></head>
<body data-drawn="0" data-renderer="none">
<header><b>orbitwin</b><span>run ${escapeHtml(run)}</span><span id="clock">waiting for telemetry</span>
<button id="pause">pause</button><button id="resume">resume</button>
<input id="speed" size="4" placeholder="speed"><button id="speed-set">set speed</button><span id="ctl-result"></span>
<span class="legend">${legend}</span></header>
<div id="map-wrap"><canvas class="layer" id="grid"></canvas><canvas class="layer" id="map"></canvas></div>
<aside>
<h2>Fleet</h2><div id="fleet-info">-</div>
<canvas class="chart" id="chart-hours"></canvas><canvas class="chart" id="chart-accel"></canvas><canvas class="chart" id="chart-temp"></canvas>
<h2>Satellite <span id="sat-id">(click one on the map)</span></h2><div id="sat-info"></div>
<canvas class="chart" id="chart-power"></canvas><canvas class="chart" id="chart-battery"></canvas><canvas class="chart" id="chart-sattemp"></canvas><canvas class="chart" id="chart-dose"></canvas>
<h2>Inject a fault</h2>
<label>fault <select id="fault-kind">${faults}</select></label>
<label>satellites <input id="fault-sats" placeholder="ids, comma-separated"></label>
<label>fraction <input id="fault-fraction" size="5"> count <input id="fault-count" size="4"> for (s) <input id="fault-for" size="6"></label>
<button id="fault-submit">inject</button> <span id="fault-result"></span>
<h2>Events</h2><ul id="events"></ul>
</aside>
<script>
const HEALTH = ${JSON.stringify(HEALTH_COLORS)};
const $ = (id) => document.getElementById(id);
let ids = [], lat = new Float32Array(0), lon = new Float32Array(0), health = new Uint8Array(0), selected = null;
const series = { hours: [], accel: [], temp: [], power: [], used: [], battery: [], tc: [], tr: [], dose: [] };
const push = (a, v) => { a.push(v); if (a.length > 300) a.shift(); };

function hexColor(h) {
  if (h === 254) return [0.47, 0.47, 0.47];
  if (h === 255) return [0.4, 0.1, 0.1];
  const c = HEALTH[h] || "#ffffff";
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16) / 255);
}

const renderer = (() => {
  const canvas = $("map");
  const gl = canvas.getContext("webgl", { antialias: false, preserveDrawingBuffer: true });
  if (gl) {
    const vs = "attribute vec2 p;attribute vec3 c;varying vec3 v;uniform float s;void main(){gl_Position=vec4(p.y/180.0,p.x/90.0,0.0,1.0);gl_PointSize=s;v=c;}";
    const fs = "precision mediump float;varying vec3 v;void main(){gl_FragColor=vec4(v,1.0);}";
    const prog = gl.createProgram();
    for (const [type, src] of [[gl.VERTEX_SHADER, vs], [gl.FRAGMENT_SHADER, fs]]) {
      const sh = gl.createShader(type); gl.shaderSource(sh, src); gl.compileShader(sh); gl.attachShader(prog, sh);
    }
    gl.linkProgram(prog);
    if (gl.getProgramParameter(prog, gl.LINK_STATUS)) {
      gl.useProgram(prog);
      const pb = gl.createBuffer(), cb = gl.createBuffer();
      const pl = gl.getAttribLocation(prog, "p"), cl = gl.getAttribLocation(prog, "c"), sl = gl.getUniformLocation(prog, "s");
      return { name: "webgl", draw(n) {
        const pos = new Float32Array(2 * n), col = new Float32Array(3 * n);
        let k = 0;
        for (let i = 0; i < n; i++) { if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i])) continue; pos[2*k] = lat[i]; pos[2*k+1] = lon[i]; col.set(hexColor(health[i]), 3*k); k++; }
        gl.viewport(0, 0, canvas.width, canvas.height); gl.clearColor(0, 0, 0, 0); gl.clear(gl.COLOR_BUFFER_BIT);
        gl.bindBuffer(gl.ARRAY_BUFFER, pb); gl.bufferData(gl.ARRAY_BUFFER, pos.subarray(0, 2*k), gl.DYNAMIC_DRAW); gl.enableVertexAttribArray(pl); gl.vertexAttribPointer(pl, 2, gl.FLOAT, false, 0, 0);
        gl.bindBuffer(gl.ARRAY_BUFFER, cb); gl.bufferData(gl.ARRAY_BUFFER, col.subarray(0, 3*k), gl.DYNAMIC_DRAW); gl.enableVertexAttribArray(cl); gl.vertexAttribPointer(cl, 3, gl.FLOAT, false, 0, 0);
        gl.uniform1f(sl, n > 20000 ? 2 : 4); gl.drawArrays(gl.POINTS, 0, k);
        return k;
      } };
    }
  }
  const ctx = canvas.getContext("2d");
  return { name: "canvas", draw(n) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    let k = 0;
    const size = n > 20000 ? 2 : 4;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i])) continue;
      ctx.fillStyle = health[i] >= 254 ? (health[i] === 254 ? "#777" : "#661a1a") : (HEALTH[health[i]] || "#fff");
      ctx.fillRect((lon[i] + 180) / 360 * canvas.width - size / 2, (90 - lat[i]) / 180 * canvas.height - size / 2, size, size);
      k++;
    }
    return k;
  } };
})();
document.body.dataset.renderer = renderer.name;

function fit() {
  for (const id of ["grid", "map"]) { const c = $(id); c.width = c.clientWidth; c.height = c.clientHeight; }
  const g = $("grid").getContext("2d"), w = $("grid").width, h = $("grid").height;
  g.fillStyle = "#0e1630"; g.fillRect(0, 0, w, h); g.strokeStyle = "#22305a"; g.lineWidth = 1; g.fillStyle = "#4a5a88"; g.font = "10px sans-serif";
  for (let lo = -180; lo <= 180; lo += 30) { const x = (lo + 180) / 360 * w; g.beginPath(); g.moveTo(x, 0); g.lineTo(x, h); g.stroke(); g.fillText(lo + "°", x + 2, h - 3); }
  for (let la = -90; la <= 90; la += 30) { const y = (90 - la) / 180 * h; g.beginPath(); g.moveTo(0, y); g.lineTo(w, y); g.stroke(); g.fillText(la + "°", 2, y - 2); }
  draw();
}
function draw() { document.body.dataset.drawn = String(renderer.draw(lat.length)); }
window.addEventListener("resize", fit);

function chart(id, lines, label) {
  const c = $(id); c.width = c.clientWidth; c.height = c.clientHeight;
  const g = c.getContext("2d"), all = lines.flatMap((l) => l.data).filter(Number.isFinite);
  g.clearRect(0, 0, c.width, c.height); g.fillStyle = "#8fa0c8"; g.font = "10px sans-serif"; g.fillText(label, 4, 11);
  if (all.length < 2) return;
  let lo = Math.min(...all), hi = Math.max(...all); if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
  g.fillText(hi.toPrecision(4), c.width - 60, 11); g.fillText(lo.toPrecision(4), c.width - 60, c.height - 3);
  for (const l of lines) {
    g.strokeStyle = l.color; g.beginPath();
    l.data.forEach((v, i) => { const x = i / Math.max(1, l.data.length - 1) * c.width, y = c.height - 4 - (v - lo) / (hi - lo) * (c.height - 16); i ? g.lineTo(x, y) : g.moveTo(x, y); });
    g.stroke();
  }
}

const stream = new EventSource("api/stream");
let shown = "";
stream.addEventListener("ids", (m) => {
  const d = JSON.parse(m.data); ids = d.ids;
  shown = d.stride > 1 ? " of " + d.total.toLocaleString() + " (every " + d.stride + "th shown: the fleet is sampled for the page)" : "";
});
stream.addEventListener("positions", (m) => {
  const bin = Uint8Array.from(atob(m.data), (ch) => ch.charCodeAt(0));
  const view = new DataView(bin.buffer), n = view.getUint32(0, true);
  lat = new Float32Array(bin.buffer.slice(16, 16 + 4 * n)); lon = new Float32Array(bin.buffer.slice(16 + 4 * n, 16 + 8 * n)); health = bin.slice(16 + 8 * n, 16 + 9 * n);
  $("clock").textContent = new Date(view.getFloat64(8, true)).toISOString().replace(".000Z", "Z") + " · " + n.toLocaleString() + shown + " satellites";
  draw();
});
stream.addEventListener("fleet", (m) => {
  const f = JSON.parse(m.data), s = f.subsystems;
  $("fleet-info").textContent = "tick " + f.tick + "  speed " + (f.achievedSpeed || 0).toFixed(1) + "x  lag " + Math.round(f.tickLagMs) + " ms\\n" + f.satellites + " satellites, " + f.hosts + " hosts" + (s ? "\\n" + s.acceleratorsActive + " accelerators active, " + s.acceleratorsFailed + " failed\\nhealth " + s.byHealth.join(" / ") : "");
  if (s) { push(series.hours, s.acceleratorHours); push(series.accel, s.acceleratorsActive); push(series.temp, s.tempComputeMeanK); }
  chart("chart-hours", [{ data: series.hours, color: "#3ecf6e" }], "accelerator-hours");
  chart("chart-accel", [{ data: series.accel, color: "#3dd6f2" }], "healthy accelerators");
  chart("chart-temp", [{ data: series.temp, color: "#f29a3d" }], "mean compute temperature, K");
});
stream.addEventListener("event", (m) => {
  const e = JSON.parse(m.data), li = document.createElement("li");
  li.className = e.severity; li.textContent = "[" + e.tick + "] " + e.kind + ": " + e.message;
  const list = $("events"); list.prepend(li); while (list.children.length > 200) list.lastChild.remove();
});

$("map").addEventListener("click", (ev) => {
  const r = ev.target.getBoundingClientRect(), clo = (ev.clientX - r.left) / r.width * 360 - 180, cla = 90 - (ev.clientY - r.top) / r.height * 180;
  let best = -1, bd = Infinity;
  for (let i = 0; i < lat.length; i++) { const d = (lat[i] - cla) ** 2 + (lon[i] - clo) ** 2; if (d < bd) { bd = d; best = i; } }
  if (best >= 0 && ids[best]) { selected = ids[best]; $("sat-id").textContent = selected; for (const k of ["power", "used", "battery", "tc", "tr", "dose"]) series[k].length = 0; }
});
async function pollSatellite() {
  if (!selected) return;
  const res = await fetch("api/sat?id=" + encodeURIComponent(selected));
  if (!res.ok) { $("sat-info").textContent = (await res.json()).error.message; return; }
  const s = await res.json(), r = s.readings;
  $("sat-info").textContent = s.sat + " (" + s.cluster + ") " + (s.health || "") + "\\nlat " + s.latDeg.toFixed(2) + " lon " + s.lonDeg.toFixed(2) + " alt " + s.altKm.toFixed(1) + " km, sunlit " + s.sunlitFraction.toFixed(2);
  push(series.power, r.generatedW); push(series.used, r.consumedW); push(series.battery, r.batterySoc); push(series.tc, r.junctionK); push(series.tr, r.tempRadiatorK); push(series.dose, r.doseRad);
  chart("chart-power", [{ data: series.power, color: "#f2d43d" }, { data: series.used, color: "#e04646" }], "power generated / consumed, W");
  chart("chart-battery", [{ data: series.battery, color: "#3ecf6e" }], "battery state of charge");
  chart("chart-sattemp", [{ data: series.tc, color: "#f29a3d" }, { data: series.tr, color: "#3dd6f2" }], "junction / radiator, K");
  chart("chart-dose", [{ data: series.dose, color: "#b07cf2" }], "dose, rad(Si)");
}
setInterval(() => void pollSatellite().catch(() => undefined), 1000);

async function post(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const reply = await res.json();
  if (!res.ok || reply.ok === false) throw new Error(reply.error ? reply.error.message : res.statusText);
  return reply.result;
}
const ctl = (verb, body) => post("api/ctl/" + verb, body || {}).then((s) => { $("ctl-result").textContent = s.state; }, (e) => { $("ctl-result").textContent = e.message; });
$("pause").onclick = () => ctl("pause");
$("resume").onclick = () => ctl("resume");
$("speed-set").onclick = () => { const v = $("speed").value.trim(); ctl("speed", { speed: v === "max" ? "max" : Number(v) }); };
$("fault-submit").onclick = () => {
  const body = {}, sats = $("fault-sats").value.split(",").map((s) => s.trim()).filter(Boolean);
  if (sats.length) body.sats = sats;
  if ($("fault-fraction").value) body.fraction = Number($("fault-fraction").value);
  if ($("fault-count").value) body.count = Number($("fault-count").value);
  if ($("fault-for").value) body.forS = Number($("fault-for").value);
  post("api/inject/" + $("fault-kind").value, body).then((f) => { $("fault-result").textContent = f.id + " starts at tick " + f.startsAtTick; }, (e) => { $("fault-result").textContent = e.message; });
};
fit();
</script></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
