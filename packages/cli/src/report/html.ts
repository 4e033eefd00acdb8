/** Small pieces of markup the report's sections share. Pure. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A table of text cells, escaped. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number, tag: string) => `<${tag}>${escapeHtml(String(v))}</${tag}>`;
  return `<table><thead><tr>${header.map((h) => cell(h, "th")).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((v) => cell(v, "td")).join("")}</tr>`).join("")}</tbody></table>`;
}

/** JSON that is safe inside a <script> element: no "</script" or "<!--" can close or comment it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** A simulation time as ISO 8601 UTC, without zero milliseconds. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** A number for people: whole numbers as they are, else 3 significant digits below 1000, whole above, exponent for the tiny and the huge. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  if (Number.isInteger(v)) return String(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : Number(v.toFixed(3)).toString();
}
