/** CSV (RFC 4180) and JSON lines for rows of plain values. Pure. */

export type Cell = string | number | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" && !Number.isFinite(value) ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line, then one line per row; CRLF line ends as RFC 4180 asks. */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(row.map(csvCell).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** One JSON object per line; non-finite numbers become null, as JSON has no NaN. */
export function toJsonLines(objects: Iterable<Record<string, unknown>>): string {
  let out = "";
  for (const o of objects) out += JSON.stringify(o, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) + "\n";
  return out;
}
