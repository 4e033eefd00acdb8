/** What a fuzz campaign must show, shared by the default and the opt-in volume; it also prints the figures. */
import { expect } from "vitest";
import type { FuzzCampaign } from "./fuzz-run.js";

/**
 * Largest growth of any one process's resident memory from the warm-up ticks to the end, bytes.
 * Measured over 10^5 messages: up to 34 MiB (the coordinator, 82 -> 116 MiB), the heap settling
 * under load; a leak of even a few hundred bytes a message would pass 64 MiB at 10^6.
 */
export const RSS_GROWTH_BOUND_BYTES = 64 * 1024 * 1024;

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function expectHeldUp(campaign: FuzzCampaign, messages: number): void {
  const { book } = campaign;
  const growth = Object.fromEntries(Object.entries(campaign.rssAfter).map(([name, after]) => [name, after - (campaign.rssBefore[name] ?? 0)]));
  process.stderr.write(
    `fuzz figures: ${JSON.stringify({
      messages,
      sent: book.sent,
      skippedValidCommands: book.skippedValid,
      published: book.published,
      requests: book.requests,
      refused: book.refused,
      queriesAnsweredOk: book.answeredOk,
      megabytes: mib(book.bytes),
      byKind: book.byKind,
      targets: campaign.targets,
      capturedSubjects: campaign.capturedSubjects,
      batches: campaign.batches,
      fuzzWallMs: Math.round(campaign.fuzzWallMs),
      finalTick: campaign.finalTick,
      digest: campaign.digest,
      referenceDigest: campaign.referenceDigest,
      rssBeforeMiB: Object.fromEntries(Object.entries(campaign.rssBefore).map(([n, b]) => [n, mib(b)])),
      rssAfterMiB: Object.fromEntries(Object.entries(campaign.rssAfter).map(([n, b]) => [n, mib(b)])),
    })}\n`,
  );
  expect(campaign.dead).toEqual([]);
  expect(book.unanswered.slice(0, 5)).toEqual([]);
  expect(book.violations.slice(0, 5)).toEqual([]);
  expect(book.sent + book.skippedValid).toBe(messages);
  expect(book.requests).toBe(book.refused + book.answeredOk);
  expect(campaign.digest).toMatch(/^[0-9a-f]{16}$/);
  expect(campaign.digest).toBe(campaign.referenceDigest);
  for (const [name, bytes] of Object.entries(growth)) expect(bytes, `${name} grew ${mib(bytes)} MiB`).toBeLessThan(RSS_GROWTH_BOUND_BYTES);
}
