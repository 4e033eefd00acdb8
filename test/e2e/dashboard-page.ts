/// <reference lib="dom" />
/**
 * What the dashboard's browser tests need besides the page: the frame the gateway streams (read
 * with the gateway's own wire format), where a point of the Earth is on the map, the colors the
 * map should show there for the Sun's position (computed here from the twin's Sun model, not the
 * page's code), and pixels read back from the page's canvases.
 */
import type { Page } from "playwright-core";
import { EARTH_RADIUS_KM, gmstRad, sunPositionKm } from "@orbitwin/physics";
import { StreamKinds, readFrame, splitMessages, type PositionsFrame } from "../../services/gateway/src/wire.js";

const DEG = 180 / Math.PI;

/** The first ids message and positions frame a new stream gets (the latest frame, even on a paused run). */
export async function latestFrame(dashboardUrl: string, field: string): Promise<{ ids: string[]; frame: PositionsFrame }> {
  const res = await fetch(new URL(`api/stream?field=${field}`, dashboardUrl));
  const reader = res.body!.getReader();
  let buffered = new Uint8Array(0);
  let ids: string[] | undefined;
  try {
    for (;;) {
      const chunk = (await reader.read()).value as Uint8Array;
      const joined = new Uint8Array(buffered.byteLength + chunk.byteLength);
      joined.set(buffered);
      joined.set(chunk, buffered.byteLength);
      const { messages, rest } = splitMessages(joined, 1 << 26);
      for (const m of messages) {
        if (m.kind === StreamKinds.json) {
          const json = JSON.parse(new TextDecoder().decode(m.payload)) as { type: string; ids?: string[] };
          if (json.type === "ids") ids = json.ids;
        } else if (m.kind === StreamKinds.positions && ids) return { ids, frame: readFrame(m.payload) };
      }
      buffered = rest.slice();
    }
  } finally {
    await reader.cancel();
  }
}

/** The subsolar point at a UTC time, degrees (the twin's Sun position and sidereal time). */
export function subsolar(simTimeMs: number): { latDeg: number; lonDeg: number } {
  const [x, y, z] = Array.from(sunPositionKm(simTimeMs)) as [number, number, number];
  const lon = (Math.atan2(y, x) - gmstRad(simTimeMs)) * DEG;
  return { latDeg: Math.atan2(z, Math.hypot(x, y)) * DEG, lonDeg: ((((lon + 180) % 360) + 360) % 360) - 180 };
}

/** Great-circle angle between two points, degrees. */
export function angleDeg(a: { latDeg: number; lonDeg: number }, b: { latDeg: number; lonDeg: number }): number {
  const [p1, p2, dl] = [a.latDeg / DEG, b.latDeg / DEG, (b.lonDeg - a.lonDeg) / DEG];
  return Math.acos(Math.min(1, Math.max(-1, Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl)))) * DEG;
}

/** Angular radius of Earth's shadow cylinder seen at height h: asin(R / (R + h)), degrees. */
export function shadowRadiusDeg(altKm: number): number {
  return Math.asin(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + altKm)) * DEG;
}

export type Rgb = [number, number, number];
export const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
/** `over` with opacity `alpha` painted on `base`, as a canvas composites it. */
export const blend = (base: Rgb, over: Rgb, alpha: number): Rgb => base.map((c, i) => c * (1 - alpha) + over[i]! * alpha) as Rgb;

/** Where (lat, lon) is on an equirectangular map canvas `width` pixels wide (2:1). */
export function mapPixel(width: number, latDeg: number, lonDeg: number): [number, number] {
  return [((lonDeg + 180) / 360) * width, ((90 - latDeg) / 180) * (width / 2)];
}

/** RGBA of pixels of a canvas (2D or WebGL drawn with preserveDrawingBuffer). */
export async function canvasPixels(page: Page, canvasId: string, points: readonly [number, number][]): Promise<number[][]> {
  return page.evaluate(
    ({ id, pts }) => {
      const source = document.getElementById(id) as HTMLCanvasElement;
      const copy = document.createElement("canvas");
      copy.width = source.width;
      copy.height = source.height;
      const ctx = copy.getContext("2d")!;
      ctx.drawImage(source, 0, 0);
      return pts.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data));
    },
    { id: canvasId, pts: points as [number, number][] },
  );
}

/** Distinct blobs of pixels within `tolerance` of `color`: satellites drawn apart. */
export async function countBlobs(page: Page, canvasId: string, color: Rgb, tolerance: number): Promise<number> {
  return page.evaluate(
    ({ id, target, tol }) => {
      const source = document.getElementById(id) as HTMLCanvasElement;
      const copy = document.createElement("canvas");
      [copy.width, copy.height] = [source.width, source.height];
      const ctx = copy.getContext("2d")!;
      ctx.drawImage(source, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, copy.width, copy.height);
      const match = (r: number, g: number, b: number) => Math.abs(r - target[0]) <= tol && Math.abs(g - target[1]) <= tol && Math.abs(b - target[2]) <= tol;
      const seen = new Uint8Array(width * height);
      let blobs = 0;
      for (let start = 0; start < width * height; start++) {
        if (seen[start] || !match(data[4 * start]!, data[4 * start + 1]!, data[4 * start + 2]!)) continue;
        blobs++;
        const stack = [start];
        seen[start] = 1;
        while (stack.length) {
          const p = stack.pop()!;
          for (const q of [p - 1, p + 1, p - width, p + width]) {
            if (q < 0 || q >= width * height || seen[q] || !match(data[4 * q]!, data[4 * q + 1]!, data[4 * q + 2]!)) continue;
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
      return blobs;
    },
    { id: canvasId, target: color, tol: tolerance },
  );
}
