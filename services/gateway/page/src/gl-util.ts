/** Small WebGL helpers shared by the map's point layer and the globe. */

export function program(gl: WebGLRenderingContext, vertex: string, fragment: string): WebGLProgram {
  const p = gl.createProgram();
  for (const [type, source] of [
    [gl.VERTEX_SHADER, vertex],
    [gl.FRAGMENT_SHADER, fragment],
  ] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(shader) ?? "did not compile"}`);
    gl.attachShader(p, shader);
  }
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p) ?? "did not link"}`);
  return p;
}

/** A 256x1 RGBA texture: the palette a point's value byte indexes. */
export function paletteTexture(gl: WebGLRenderingContext, rgba: Uint8Array, texture?: WebGLTexture): WebGLTexture {
  const t = texture ?? gl.createTexture();
  gl.bindTexture(gl.TEXTURE_2D, t);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  for (const p of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T]) gl.texParameteri(gl.TEXTURE_2D, p, gl.CLAMP_TO_EDGE);
  return t;
}

/** Uploads `data` to `buffer` and points attribute `name` of `p` at it. */
export function attribute(
  gl: WebGLRenderingContext,
  p: WebGLProgram,
  name: string,
  buffer: WebGLBuffer,
  data: ArrayBufferView | undefined,
  size: number,
  type: number,
): void {
  const location = gl.getAttribLocation(p, name);
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  if (data) gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
  gl.enableVertexAttribArray(location);
  gl.vertexAttribPointer(location, size, type, false, 0, 0);
}

/** Fragment shader of a round point colored from the palette; a dark center marks one in Earth's shadow. */
export const POINT_FRAGMENT = `
precision mediump float;
uniform sampler2D uPalette;
uniform float uMarkShadow;
varying float vValue;
varying float vSunlit;
void main() {
  vec2 c = gl_PointCoord - 0.5;
  float r = length(c);
  if (r > 0.5) discard;
  vec4 color = texture2D(uPalette, vec2((vValue + 0.5) / 256.0, 0.5));
  if (uMarkShadow > 0.5 && vSunlit < 0.5 && r < 0.25) color.rgb *= 0.2;
  gl_FragColor = color;
}`;

/** Point size by how many are drawn: big enough to click at a few thousand, not a blur at 100,000. */
export function pointSizePx(count: number): number {
  return count <= 2_000 ? 7 : count <= 20_000 ? 4 : 2;
}
