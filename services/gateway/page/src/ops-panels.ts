/**
 * The operator's side of the page: who the page is (viewer or operator, and why), run control,
 * the conjunctions debris-watch reports (with their CDMs to download), the faults in force and the
 * injection form, and the event log. Every refusal shows the gateway's or the run's own words.
 */
import type { SessionInfo } from "../../src/api-schemas.js";
import { getJson, operatorToken, postJson, setOperatorToken } from "./api.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Shows the role and wires the token field; resolves with the session the gateway reports. */
export async function refreshSession(): Promise<SessionInfo> {
  const session = await getJson<SessionInfo>("api/session");
  const role = $("role");
  role.textContent = session.role === "operator" ? "operator" : "view only";
  role.className = `role ${session.role}`;
  role.title = session.reason;
  document.body.dataset.role = session.role;
  return session;
}

export function wireControls(session: SessionInfo, onSession: (s: SessionInfo) => void): void {
  const result = $("ctl-result");
  const show = (text: string) => (result.textContent = text);
  show(session.role === "operator" ? "" : session.reason);
  $<HTMLInputElement>("token").value = operatorToken() ?? "";
  $("token-set").onclick = () => {
    setOperatorToken($<HTMLInputElement>("token").value.trim());
    refreshSession().then(
      (s) => {
        show(s.role === "operator" ? "operator token accepted" : s.reason);
        onSession(s);
      },
      (err: unknown) => show(String(err)),
    );
  };
  const control = (verb: string, body: object = {}) =>
    postJson(`api/ctl/${verb}`, body).then(
      (r) => show(`${verb}: ${(r as { state?: string } | undefined)?.state ?? "done"}`),
      (err: unknown) => show(`${verb} refused: ${err instanceof Error ? err.message : String(err)}`),
    );
  $("pause").onclick = () => void control("pause");
  $("resume").onclick = () => void control("resume");
  $("speed-set").onclick = () => {
    const v = $<HTMLInputElement>("speed").value.trim();
    void control("speed", { speed: v === "max" ? "max" : Number(v) });
  };
  const kinds = $<HTMLSelectElement>("fault-kind");
  kinds.replaceChildren(...session.faultKinds.map((k) => new Option(k, k)));
  $("fault-submit").onclick = () => {
    const body: Record<string, unknown> = {};
    const sats = $<HTMLInputElement>("fault-sats")
      .value.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (sats.length) body.sats = sats;
    for (const [id, key] of [
      ["fault-fraction", "fraction"],
      ["fault-count", "count"],
      ["fault-for", "forS"],
    ] as const) {
      const v = $<HTMLInputElement>(id).value.trim();
      if (v) body[key] = Number(v);
    }
    postJson(`api/inject/${kinds.value}`, body).then(
      (f) => ($("fault-result").textContent = `${(f as { id: string }).id} starts at tick ${(f as { startsAtTick: number }).startsAtTick}`),
      (err: unknown) => ($("fault-result").textContent = `refused: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
}

interface Conjunction {
  id: string;
  primary: string;
  secondary: string;
  tcaMs: number;
  missKm: number;
  pc: number;
  status: string;
  maneuver?: { deltaVRtnMS: number[] };
}

/** Fills the conjunctions table from debris-watch; says so when the run has none. */
export async function refreshConjunctions(simTimeMs: number | undefined): Promise<void> {
  const note = $("conj-note");
  const body = $("conj-table").querySelector("tbody")!;
  let reply: { ok?: boolean; result?: { total: number; conjunctions: Conjunction[] }; error?: { message: string } };
  try {
    reply = await getJson("api/conjunctions");
  } catch (err) {
    note.textContent = `no conjunction screening: ${err instanceof Error ? err.message : String(err)}`;
    body.replaceChildren();
    return;
  }
  if (!reply.ok || !reply.result) {
    note.textContent = reply.error?.message ?? "debris-watch refused";
    return;
  }
  const { total, conjunctions } = reply.result;
  note.textContent = `${total} conjunction${total === 1 ? "" : "s"} recorded, highest probability first`;
  body.replaceChildren(
    ...conjunctions.map((c) => {
      const tr = document.createElement("tr");
      tr.dataset.conjunction = c.id;
      const cell = (text: string) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
        return td;
      };
      cell(`${c.primary} / ${c.secondary}`);
      cell(c.pc.toExponential(2));
      cell(c.missKm.toFixed(3));
      cell(simTimeMs === undefined ? "-" : formatDuration(c.tcaMs - simTimeMs));
      cell(c.maneuver ? `${c.status} (burn ${Math.hypot(...c.maneuver.deltaVRtnMS).toFixed(2)} m/s)` : c.status);
      const link = document.createElement("a");
      link.href = `api/conjunctions/${encodeURIComponent(c.id)}/cdm`;
      link.download = `${c.id}.cdm.txt`;
      link.textContent = "CDM";
      cell("").append(link);
      return tr;
    }),
  );
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 0) return `passed ${formatDuration(-ms)} ago`;
  return s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** The faults in force, from the fault service. */
export async function refreshFaults(): Promise<void> {
  const list = $("faults-active");
  try {
    const reply = await getJson<{ ok?: boolean; result?: { faults: { id: string; kind: string; state?: string; startsAtTick?: number }[] } }>("api/faults");
    const faults = reply.result?.faults ?? [];
    list.replaceChildren(
      ...(faults.length ? faults : [{ id: "-", kind: "no faults in force" }]).map((f) => {
        const li = document.createElement("li");
        li.textContent = `${f.id} ${f.kind}${"state" in f && f.state ? ` (${f.state})` : ""}`;
        return li;
      }),
    );
  } catch (err) {
    list.replaceChildren(Object.assign(document.createElement("li"), { textContent: err instanceof Error ? err.message : String(err) }));
  }
}

/** Newest first; at most 200 lines. */
export function logEvent(e: { tick: number; kind: string; severity: string; message: string }): void {
  const li = document.createElement("li");
  li.className = e.severity;
  li.textContent = `[${e.tick}] ${e.kind}: ${e.message}`;
  const list = $("events");
  list.prepend(li);
  while (list.children.length > 200) list.lastChild!.remove();
}
