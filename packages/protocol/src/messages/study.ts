/**
 * Studies: many runs of the twin, each a variant of one base scenario, spread over study workers
 * by a JetStream work queue (`ot-study-variants`); each result lands in the study's KV bucket
 * under its variant id. A work item carries everything a worker needs, so a worker serves any
 * study without reading its file.
 */
import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { subjects } from "../subjects.js";
import { Count, Finite, Token, Version } from "./common.js";

/** 16 hex digits: a hash of the base scenario, the values applied and the seed. */
export const VariantId = Type.String({ pattern: "^[0-9a-f]{16}$", description: "variant id, 16 hex digits" });

/** The values a variant sets, by scenario path (`bus.radiatorAreaM2`): numbers, strings or booleans. */
export const VariantValues = Type.Record(Type.String({ maxLength: 200 }), Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Boolean()]), {
  description: "the value of each varied path in this variant",
});

/** Assumed prices and figures the cost metrics use (launch $/kg, hardware $, ...), by name. */
export const EconomicsFigures = Type.Record(Type.String({ maxLength: 64 }), Type.Number(), { description: "assumed economics figures, each unit in its name" });

export const StudyVariantWorkSchema = Type.Object(
  {
    v: Version,
    study: Token,
    variantId: VariantId,
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: "the replicate's seed (already in the scenario)" }),
    values: VariantValues,
    /** the variant's whole scenario file, element and catalog paths absolute */
    scenario: Type.Record(Type.String(), Type.Unknown(), { description: "the variant's scenario file, paths absolute" }),
    metrics: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 64, description: "metric names from the study metric catalogue" }),
    economics: EconomicsFigures,
  },
  { additionalProperties: false },
);
export type StudyVariantWork = Static<typeof StudyVariantWorkSchema>;
export const studyVariantWork = defineMessage("study-variant-work", "public", StudyVariantWorkSchema, {
  subject: subjects.studyVariant,
  maxBytes: 1024 * 1024,
});

export const StudyVariantStartedSchema = Type.Object(
  {
    v: Version,
    study: Token,
    variantId: VariantId,
    worker: Type.String({ maxLength: 128, description: "the worker that took it, <hostname>-<pid>" }),
    delivery: Count("how many times the queue has handed this variant out, this one included"),
  },
  { additionalProperties: false },
);
export type StudyVariantStarted = Static<typeof StudyVariantStartedSchema>;
export const studyVariantStarted = defineMessage("study-variant-started", "public", StudyVariantStartedSchema, {
  subject: subjects.studyVariantStarted,
  maxBytes: 4 * 1024,
});

/**
 * What a run left behind that the metrics need, kept with the result so that a variant differing
 * only in assumed figures (economics, disposal reliability) is computed from this run, not rerun.
 */
export const StudyRunObservationsSchema = Type.Object(
  {
    acceleratorsAtStart: Count("accelerators working on the first tick"),
    acceleratorsAtEnd: Count("accelerators working on the last tick"),
    acceleratorsFailed: Count("accelerators failed over the run"),
    acceleratorHours: Finite("accelerator-hours delivered, h"),
    junctionTempMaxK: Type.Optional(Finite("hottest accelerator junction over the run, K; absent with no subsystems")),
    throttledSatHours: Finite("satellite-hours throttled, h"),
    safeModeSatHours: Finite("satellite-hours in safe mode, h"),
    deadSatellites: Count("satellites with no accelerator left at the end"),
    debris: Type.Optional(
      Type.Object(
        {
          conjunctions: Count("conjunctions debris-watch recorded"),
          maneuvers: Count("avoidance maneuvers commanded"),
          collisions: Count("collisions"),
          fragments: Count("fragments created, still tracked at the end"),
        },
        { additionalProperties: false, description: "debris-watch's counts at the end; absent without debris-watch" },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StudyRunObservations = Static<typeof StudyRunObservationsSchema>;

/** Stored in the study's bucket under the variant id (a KV value, so no subject). */
export const StudyVariantResultSchema = Type.Object(
  {
    v: Version,
    study: Token,
    variantId: VariantId,
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: "the replicate's seed" }),
    values: VariantValues,
    digest: Type.String({ pattern: "^([0-9a-f]{16})?$", description: "the run's final state digest" }),
    ticks: Count("ticks run"),
    satellites: Count("satellites in the run"),
    simulatedMs: Finite("simulated span, ms"),
    wallMs: Finite("wall time of the run, ms"),
    worker: Type.String({ maxLength: 128, description: "the worker that ran it" }),
    error: Type.Optional(Type.String({ maxLength: 4096, description: "why the variant gave no result after every delivery failed; metrics then empty" })),
    observations: Type.Optional(StudyRunObservationsSchema),
    derivedFrom: Type.Optional(
      Type.String({ pattern: "^[0-9a-f]{16}$", description: "the variant whose run this one reuses: they differ only in assumed figures" }),
    ),
    /** null: the metric has no value for this run (no bus, nothing to divide by) */
    metrics: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Number(), Type.Null()]), {
      description: "each metric's value, its unit in its name",
    }),
  },
  { additionalProperties: false },
);
export type StudyVariantResult = Static<typeof StudyVariantResultSchema>;
export const studyVariantResult = defineMessage("study-variant-result", "public", StudyVariantResultSchema, { maxBytes: 256 * 1024 });
