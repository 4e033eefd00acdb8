/**
 * Which runs `orbitwin runs prune` removes: the named ones, or those idle longer than
 * `--older-than`, past the `--keep` newest; never a live one. A pure decision, tested alone.
 */
import { formatDuration } from "./format.js";
import type { RunSummary } from "./run-inventory.js";
import { UsageError } from "./errors.js";

export interface PruneRule {
  /** runs named on the command line; empty = every run the other rules select */
  names: readonly string[];
  /** only runs with no write for this long, ms */
  olderThanMs?: number;
  /** spare this many of the most recently active runs */
  keep?: number;
}

export interface PruneChoice {
  prune: RunSummary[];
  spared: { run: string; why: string }[];
}

export function choosePrune(runs: readonly RunSummary[], rule: PruneRule, nowMs: number): PruneChoice {
  if (rule.names.length === 0 && rule.olderThanMs === undefined && rule.keep === undefined) {
    throw new UsageError("say which runs to prune: their ids, --older-than D or --keep N (add --dry-run to see the choice first)");
  }
  const known = new Map(runs.map((r) => [r.run, r]));
  const unknown = rule.names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new UsageError(`no run ${unknown.join(", ")} on this NATS: \`orbitwin runs list\` shows the runs there are`);
  const newest = [...runs].sort((a, b) => b.lastActivityMs - a.lastActivityMs);
  const kept = new Set(newest.slice(0, rule.keep ?? 0).map((r) => r.run));
  const candidates = rule.names.length > 0 ? rule.names.map((n) => known.get(n)!) : newest;
  const choice: PruneChoice = { prune: [], spared: [] };
  for (const r of candidates) {
    const idleMs = nowMs - r.lastActivityMs;
    if (r.state === "live") choice.spared.push({ run: r.run, why: "it is live (its coordinator, hosts or services are running): stop it first" });
    else if (kept.has(r.run)) choice.spared.push({ run: r.run, why: `it is among the ${rule.keep} most recently active (--keep ${rule.keep})` });
    else if (rule.olderThanMs !== undefined && idleMs < rule.olderThanMs) {
      choice.spared.push({ run: r.run, why: `it was written ${formatDuration(idleMs)} ago, within --older-than ${formatDuration(rule.olderThanMs)}` });
    } else choice.prune.push(r);
  }
  return choice;
}
