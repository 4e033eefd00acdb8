/**
 * The globe: our own small WebGL view (CesiumJS's npm package is 23 MB packed, 79 MB unpacked,
 * for a view this page needs a sphere, coastlines, points and a line from). Earth is a unit sphere,
 * day and night shaded from the subsolar point; Natural Earth coastlines; satellites as points at
 * their altitude; the selected satellite's orbit as a ring. Earth-fixed frame: +y to the north
 * pole, +x to (0 N, 0 E), +z to (0 N, 90 W). Drag turns it, the wheel zooms, and "focus" flies
 * to the selected satellite close enough to see a Suncatcher formation's satellites apart
 * (positions are drawn relative to the camera's target, so float32 keeps metres at that range).
 */
import { mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import land110m from "world-atlas/land-110m.json";
import type { PositionsFrame } from "../../src/wire.js";
import { POINT_FRAGMENT, attribute, paletteTexture, pointSizePx, program } from "./gl-util.js";
import { lookAt, multiply, perspective } from "./mat4.js";

const EARTH_RADIUS_KM = 6378.137;
const RAD = Math.PI / 180;

/** Earth-fixed unit-radius coordinates of a point at `altKm` above (spherical) Earth. */
export function toXyz(latDeg: number, lonDeg: number, altKm: number, out: Float32Array | number[] = [0, 0, 0], at = 0): Float32Array | number[] {
  const r = 1 + altKm / EARTH_RADIUS_KM;
  const [lat, lon] = [latDeg * RAD, lonDeg * RAD];
  out[at] = r * Math.cos(lat) * Math.cos(lon);
  out[at + 1] = r * Math.sin(lat);
  out[at + 2] = -r * Math.cos(lat) * Math.sin(lon);
  return out;
}

const VERTEX = `
attribute vec3 aPos;
uniform mat4 uViewProjection;
uniform vec3 uOrigin;
varying vec3 vNormal;
void main() {
  vNormal = aPos;
  gl_Position = uViewProjection * vec4(aPos - uOrigin, 1.0);
}`;
const EARTH_FRAGMENT = `
precision mediump float;
uniform vec3 uSun;
varying vec3 vNormal;
void main() {
  float day = smoothstep(-0.08, 0.08, dot(normalize(vNormal), uSun));
  gl_FragColor = vec4(mix(vec3(0.03, 0.05, 0.12), vec3(0.12, 0.24, 0.42), day), 1.0);
}`;
const LINE_FRAGMENT = `
precision mediump float;
uniform vec4 uColor;
void main() { gl_FragColor = uColor; }`;
const POINT_VERTEX = `
attribute vec3 aPos;
attribute float aValue;
attribute float aSunlit;
uniform mat4 uViewProjection;
uniform vec3 uOrigin;
uniform float uSize;
varying float vValue;
varying float vSunlit;
void main() {
  gl_Position = uViewProjection * vec4(aPos - uOrigin, 1.0);
  gl_PointSize = uSize;
  vValue = aValue;
  vSunlit = aSunlit;
}`;

function sphere(segments: number): Float32Array {
  const out: number[] = [];
  const at = (i: number, j: number) => toXyz(90 - (180 * j) / segments, -180 + (360 * i) / (2 * segments), 0);
  for (let j = 0; j < segments; j++)
    for (let i = 0; i < 2 * segments; i++) {
      const [a, b, c, d] = [at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)];
      out.push(...a, ...c, ...b, ...b, ...c, ...d);
    }
  return Float32Array.from(out);
}

function coastlines(): Float32Array {
  const topology = land110m as unknown as Topology<{ land: GeometryCollection }>;
  const out: number[] = [];
  for (const line of mesh(topology, topology.objects.land).coordinates)
    for (let k = 1; k < line.length; k++) out.push(...toXyz(line[k - 1]![1]!, line[k - 1]![0]!, 2), ...toXyz(line[k]![1]!, line[k]![0]!, 2));
  return Float32Array.from(out);
}

export class GlobeView {
  readonly #canvas: HTMLCanvasElement;
  readonly #gl: WebGLRenderingContext;
  readonly #earth: WebGLProgram;
  readonly #lines: WebGLProgram;
  readonly #points: WebGLProgram;
  readonly #sphere = sphere(48);
  readonly #coast = coastlines();
  readonly #buffers: Record<"sphere" | "coast" | "points" | "value" | "sunlit" | "orbit", WebGLBuffer>;
  readonly #palette: WebGLTexture;
  #markShadow = true;
  #frame: PositionsFrame | undefined;
  #xyz = new Float32Array(0);
  /** the frame #xyz was computed from */
  #xyzOf: PositionsFrame | undefined;
  #orbit = new Float32Array(0);
  #sunDir = [1, 0, 0];
  /** camera: yaw and pitch about the target, distance in Earth radii */
  #yaw = 0.3;
  #pitch = 0.35;
  #distance = 3.2;
  #focusIndex: number | undefined;
  #dirty = true;
  #uploaded: PositionsFrame | undefined;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    const gl = canvas.getContext("webgl", { antialias: true, preserveDrawingBuffer: true });
    if (!gl) throw new Error("this browser gives the page no WebGL: the globe needs it");
    this.#gl = gl;
    this.#earth = program(gl, VERTEX, EARTH_FRAGMENT);
    this.#lines = program(gl, VERTEX, LINE_FRAGMENT);
    this.#points = program(gl, POINT_VERTEX, POINT_FRAGMENT);
    this.#buffers = {
      sphere: gl.createBuffer(),
      coast: gl.createBuffer(),
      points: gl.createBuffer(),
      value: gl.createBuffer(),
      sunlit: gl.createBuffer(),
      orbit: gl.createBuffer(),
    };
    gl.bindBuffer(gl.ARRAY_BUFFER, this.#buffers.sphere);
    gl.bufferData(gl.ARRAY_BUFFER, this.#sphere, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.#buffers.coast);
    gl.bufferData(gl.ARRAY_BUFFER, this.#coast, gl.STATIC_DRAW);
    this.#palette = gl.createTexture();
    this.#listen();
  }

  resize(width: number, height: number): void {
    this.#canvas.width = width;
    this.#canvas.height = height;
    this.#canvas.style.width = `${width}px`;
    this.#canvas.style.height = `${height}px`;
    this.#dirty = true;
  }

  setPalette(rgba: Uint8Array, markShadow: boolean): void {
    paletteTexture(this.#gl, rgba, this.#palette);
    this.#markShadow = markShadow;
    this.#dirty = true;
  }

  /** Takes a frame; its positions are turned into 3D only when the globe is drawn (not while the map is on view). */
  setFrame(frame: PositionsFrame): void {
    this.#frame = frame;
    this.#xyzOf = undefined;
    this.#sunDir = toXyz(frame.subsolarLatDeg, frame.subsolarLonDeg, 0) as number[];
    this.#dirty = true;
  }

  #positions(): Float32Array {
    const frame = this.#frame;
    if (!frame || this.#xyzOf === frame) return this.#xyz;
    const n = frame.latDeg.length;
    if (this.#xyz.length !== 3 * n) this.#xyz = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) toXyz(frame.latDeg[i]!, frame.lonDeg[i]!, frame.altKm[i]!, this.#xyz, 3 * i);
    this.#xyzOf = frame;
    return this.#xyz;
  }

  /** The selected satellite's orbit as it lies now: [latDeg, lonDeg, altKm] points. */
  setOrbit(orbit: [number, number, number][]): void {
    this.#orbit = new Float32Array(3 * orbit.length);
    orbit.forEach(([lat, lon, alt], k) => toXyz(lat, lon, alt, this.#orbit, 3 * k));
    this.#dirty = true;
  }

  /**
   * Flies to satellite `index` at `distanceKm` (close enough to see a formation) and follows it
   * from frame to frame, or back to the whole Earth.
   */
  focus(index: number | undefined, distanceKm = 12): void {
    this.#focusIndex = index !== undefined && this.#frame && index < this.#frame.latDeg.length ? index : undefined;
    this.#distance = this.#focusIndex === undefined ? 3.2 : distanceKm / EARTH_RADIUS_KM;
    this.#dirty = true;
  }

  /** The camera's target: the followed satellite, else Earth's center. */
  #target(): number[] {
    const i = this.#focusIndex;
    if (i === undefined || !this.#frame || i >= this.#frame.latDeg.length) return [0, 0, 0];
    return Array.from(this.#positions().subarray(3 * i, 3 * i + 3));
  }

  draw(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    const gl = this.#gl;
    const [w, h] = [this.#canvas.width, this.#canvas.height];
    gl.viewport(0, 0, w, h);
    gl.clearColor(0.02, 0.03, 0.07, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.enable(gl.DEPTH_TEST);
    const d = this.#distance;
    // The camera orbits its target; the scene is drawn relative to the target (uOrigin).
    const eye = [d * Math.cos(this.#pitch) * Math.cos(this.#yaw), d * Math.sin(this.#pitch), d * Math.cos(this.#pitch) * Math.sin(this.#yaw)];
    const viewProjection = multiply(perspective(0.8, w / Math.max(1, h), d * 0.01, d + 4), lookAt(eye, [0, 0, 0], [0, 1, 0]));
    const target = this.#target();
    const common = (p: WebGLProgram) => {
      gl.useProgram(p);
      gl.uniformMatrix4fv(gl.getUniformLocation(p, "uViewProjection"), false, viewProjection);
      gl.uniform3fv(gl.getUniformLocation(p, "uOrigin"), target);
    };
    common(this.#earth);
    gl.uniform3fv(gl.getUniformLocation(this.#earth, "uSun"), this.#sunDir);
    attribute(gl, this.#earth, "aPos", this.#buffers.sphere, undefined, 3, gl.FLOAT);
    gl.drawArrays(gl.TRIANGLES, 0, this.#sphere.length / 3);
    common(this.#lines);
    gl.uniform4fv(gl.getUniformLocation(this.#lines, "uColor"), [0.49, 0.58, 0.77, 1]);
    attribute(gl, this.#lines, "aPos", this.#buffers.coast, undefined, 3, gl.FLOAT);
    gl.drawArrays(gl.LINES, 0, this.#coast.length / 3);
    if (this.#orbit.length > 0) {
      gl.uniform4fv(gl.getUniformLocation(this.#lines, "uColor"), [1, 1, 1, 0.9]);
      attribute(gl, this.#lines, "aPos", this.#buffers.orbit, this.#orbit, 3, gl.FLOAT);
      gl.drawArrays(gl.LINE_STRIP, 0, this.#orbit.length / 3);
    }
    const f = this.#frame;
    if (!f) return;
    common(this.#points);
    // Buffers go to the GPU once per frame of positions, not once per redraw while dragging.
    const upload = this.#uploaded !== f;
    attribute(gl, this.#points, "aPos", this.#buffers.points, upload ? this.#positions() : undefined, 3, gl.FLOAT);
    attribute(gl, this.#points, "aValue", this.#buffers.value, upload ? f.value : undefined, 1, gl.UNSIGNED_BYTE);
    attribute(gl, this.#points, "aSunlit", this.#buffers.sunlit, upload ? f.sunlit : undefined, 1, gl.UNSIGNED_BYTE);
    this.#uploaded = f;
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.#palette);
    gl.uniform1i(gl.getUniformLocation(this.#points, "uPalette"), 0);
    gl.uniform1f(gl.getUniformLocation(this.#points, "uSize"), pointSizePx(f.latDeg.length));
    gl.uniform1f(gl.getUniformLocation(this.#points, "uMarkShadow"), this.#markShadow ? 1 : 0);
    gl.drawArrays(gl.POINTS, 0, f.latDeg.length);
  }

  #listen(): void {
    let dragging: { x: number; y: number } | undefined;
    this.#canvas.addEventListener("pointerdown", (e) => (dragging = { x: e.clientX, y: e.clientY }));
    window.addEventListener("pointerup", () => (dragging = undefined));
    window.addEventListener("pointermove", (e) => {
      if (!dragging) return;
      this.#yaw += (e.clientX - dragging.x) * 0.005;
      this.#pitch = Math.max(-1.5, Math.min(1.5, this.#pitch + (e.clientY - dragging.y) * 0.005));
      dragging = { x: e.clientX, y: e.clientY };
      this.#dirty = true;
    });
    this.#canvas.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        this.#distance = Math.max(0.0002, Math.min(8, this.#distance * Math.exp(e.deltaY * 0.001)));
        this.#dirty = true;
      },
      { passive: false },
    );
  }
}
