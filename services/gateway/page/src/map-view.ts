/**
 * The map: an equirectangular Earth (Natural Earth coastlines from world-atlas, drawn with d3-geo),
 * night where the Sun is below the horizon (the terminator is the circle 90 degrees from the
 * subsolar point), and Earth's shadow at the fleet's altitude: a satellite at height h is in the
 * shadow cylinder when it is within asin(R / (R + h)) of the antisolar point (cylindrical model,
 * the same the twin's eclipse-fraction check uses). Satellites are WebGL points over it, colored
 * from the palette; the selected one gets a ring and its ground track.
 */
import { geoCircle, geoEquirectangular, geoGraticule10, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import land110m from "world-atlas/land-110m.json";
import type { PositionsFrame } from "../../src/wire.js";
import { POINT_FRAGMENT, attribute, paletteTexture, pointSizePx, program } from "./gl-util.js";

const EARTH_RADIUS_KM = 6378.137;
const DEG = 180 / Math.PI;
export const MAP_COLORS = {
  ocean: "#0d1b36",
  land: "#2c3e5c",
  coast: "#7d93c4",
  night: "rgba(0, 0, 0, 0.45)",
  shadow: "rgba(10, 10, 60, 0.35)",
  terminator: "#f2d43d",
  graticule: "#1c2a4d",
};

const topology = land110m as unknown as Topology<{ land: GeometryCollection }>;
const LAND = feature(topology, topology.objects.land);
const COAST = mesh(topology, topology.objects.land);

const POINT_VERTEX = `
attribute float aLat;
attribute float aLon;
attribute float aValue;
attribute float aSunlit;
uniform float uSize;
varying float vValue;
varying float vSunlit;
void main() {
  gl_Position = vec4(aLon / 180.0, aLat / 90.0, 0.0, 1.0);
  gl_PointSize = uSize;
  vValue = aValue;
  vSunlit = aSunlit;
}`;

function ring(circle: GeoJSON.Polygon): GeoJSON.LineString {
  return { type: "LineString", coordinates: circle.coordinates[0]! };
}

export interface Sun {
  latDeg: number;
  lonDeg: number;
}

export class MapView {
  readonly #wrap: HTMLElement;
  readonly #base: HTMLCanvasElement;
  readonly #points: HTMLCanvasElement;
  readonly #overlay: HTMLCanvasElement;
  readonly #gl: WebGLRenderingContext;
  readonly #program: WebGLProgram;
  readonly #buffers: { lat: WebGLBuffer; lon: WebGLBuffer; value: WebGLBuffer; sunlit: WebGLBuffer };
  readonly #palette: WebGLTexture;
  #frame: PositionsFrame | undefined;
  #uploaded = false;
  #baseKey = "";
  #width = 0;
  #height = 0;
  #markShadow = true;
  #selected = -1;
  #track: [number, number][] = [];
  #shadowAltKm = 550;

  constructor(wrap: HTMLElement, base: HTMLCanvasElement, points: HTMLCanvasElement, overlay: HTMLCanvasElement) {
    this.#wrap = wrap;
    this.#base = base;
    this.#points = points;
    this.#overlay = overlay;
    const gl = points.getContext("webgl", { antialias: false, preserveDrawingBuffer: true, premultipliedAlpha: false });
    if (!gl) throw new Error("this browser gives the page no WebGL: the map's satellites need it");
    this.#gl = gl;
    this.#program = program(gl, POINT_VERTEX, POINT_FRAGMENT);
    this.#buffers = { lat: gl.createBuffer(), lon: gl.createBuffer(), value: gl.createBuffer(), sunlit: gl.createBuffer() };
    this.#palette = gl.createTexture();
  }

  /** The map is 2:1 and as large as the stage allows; returns its size in CSS pixels. */
  resize(): { width: number; height: number } {
    const width = Math.floor(Math.min(this.#wrap.clientWidth, 2 * this.#wrap.clientHeight));
    const height = Math.floor(width / 2);
    if (width !== this.#width || height !== this.#height) {
      this.#width = width;
      this.#height = height;
      for (const c of [this.#base, this.#points, this.#overlay]) {
        c.width = width;
        c.height = height;
        c.style.width = `${width}px`;
        c.style.height = `${height}px`;
      }
      this.#baseKey = "";
      this.#uploaded = false;
    }
    return { width, height };
  }

  setPalette(rgba: Uint8Array, markShadow: boolean): void {
    paletteTexture(this.#gl, rgba, this.#palette);
    this.#markShadow = markShadow;
  }

  setFrame(frame: PositionsFrame, shadowAltKm: number | undefined): void {
    this.#frame = frame;
    this.#uploaded = false;
    if (shadowAltKm !== undefined) this.#shadowAltKm = shadowAltKm;
  }

  select(index: number, track: [number, number][]): void {
    this.#selected = index;
    this.#track = track;
  }

  /** Pixel of a point on the map (CSS pixels from the map's top left). */
  project(latDeg: number, lonDeg: number): [number, number] {
    return [((lonDeg + 180) / 360) * this.#width, ((90 - latDeg) / 180) * this.#height];
  }

  /** The satellite nearest a click, within 12 px; -1 when none. */
  pick(x: number, y: number): number {
    const f = this.#frame;
    if (!f) return -1;
    let best = -1;
    let bestD = 144;
    for (let i = 0; i < f.latDeg.length; i++) {
      const [px, py] = this.project(f.latDeg[i]!, f.lonDeg[i]!);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    }
    return best;
  }

  /** Draws what changed: the Earth when the Sun moved or the size changed, the points when a frame came. */
  draw(): number {
    const f = this.#frame;
    if (!f) return 0;
    this.#drawBase({ latDeg: f.subsolarLatDeg, lonDeg: f.subsolarLonDeg });
    if (!this.#uploaded) this.#drawPoints(f);
    this.#drawOverlay(f);
    return f.latDeg.length;
  }

  #drawBase(sun: Sun): void {
    // Redrawn when the Sun has moved a tenth of a degree: a minute of sim time, not every frame.
    const key = `${this.#width}x${this.#height}:${sun.latDeg.toFixed(1)},${sun.lonDeg.toFixed(1)},${Math.round(this.#shadowAltKm)}`;
    if (key === this.#baseKey) return;
    this.#baseKey = key;
    const ctx = this.#base.getContext("2d")!;
    const projection = geoEquirectangular()
      .scale(this.#width / (2 * Math.PI))
      .translate([this.#width / 2, this.#height / 2]);
    const path = geoPath(projection, ctx);
    const fill = (object: GeoPermissibleObjects, color: string) => {
      ctx.beginPath();
      path(object);
      ctx.fillStyle = color;
      ctx.fill();
    };
    const stroke = (object: GeoPermissibleObjects, color: string, width: number, dash: number[] = []) => {
      ctx.beginPath();
      path(object);
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.stroke();
    };
    ctx.fillStyle = MAP_COLORS.ocean;
    ctx.fillRect(0, 0, this.#width, this.#height);
    fill(LAND, MAP_COLORS.land);
    stroke(COAST, MAP_COLORS.coast, 0.7);
    stroke(geoGraticule10(), MAP_COLORS.graticule, 0.5);
    const antisolar: [number, number] = [sun.lonDeg + 180, -sun.latDeg];
    const night = geoCircle().center(antisolar).radius(90)();
    fill(night, MAP_COLORS.night);
    const shadowRadiusDeg = Math.asin(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + this.#shadowAltKm)) * DEG;
    const shadow = geoCircle().center(antisolar).radius(shadowRadiusDeg)();
    fill(shadow, MAP_COLORS.shadow);
    // The circles' outlines as lines: a polygon's outline would also trace the map's edge where it is cut.
    stroke(ring(shadow), "#8c6bb1", 1, [4, 3]);
    stroke(ring(night), MAP_COLORS.terminator, 1.5);
  }

  #drawPoints(f: PositionsFrame): void {
    const gl = this.#gl;
    gl.viewport(0, 0, this.#width, this.#height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(this.#program);
    attribute(gl, this.#program, "aLat", this.#buffers.lat, f.latDeg, 1, gl.FLOAT);
    attribute(gl, this.#program, "aLon", this.#buffers.lon, f.lonDeg, 1, gl.FLOAT);
    attribute(gl, this.#program, "aValue", this.#buffers.value, f.value, 1, gl.UNSIGNED_BYTE);
    attribute(gl, this.#program, "aSunlit", this.#buffers.sunlit, f.sunlit, 1, gl.UNSIGNED_BYTE);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.#palette);
    gl.uniform1i(gl.getUniformLocation(this.#program, "uPalette"), 0);
    gl.uniform1f(gl.getUniformLocation(this.#program, "uSize"), pointSizePx(f.latDeg.length));
    gl.uniform1f(gl.getUniformLocation(this.#program, "uMarkShadow"), this.#markShadow ? 1 : 0);
    gl.drawArrays(gl.POINTS, 0, f.latDeg.length);
    this.#uploaded = true;
  }

  #drawOverlay(f: PositionsFrame): void {
    const ctx = this.#overlay.getContext("2d")!;
    ctx.clearRect(0, 0, this.#width, this.#height);
    if (this.#track.length > 1) {
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 1.2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      let last: number | undefined;
      for (const [lat, lon] of this.#track) {
        const [x, y] = this.project(lat, lon);
        // A jump across the antimeridian starts a new line instead of crossing the whole map.
        if (last === undefined || Math.abs(lon - last) > 180) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
        last = lon;
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (this.#selected >= 0 && this.#selected < f.latDeg.length) {
      const [x, y] = this.project(f.latDeg[this.#selected]!, f.lonDeg[this.#selected]!);
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, 9, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
}
