import { Type, type Static } from "@sinclair/typebox";
import { Count, Finite } from "./common.js";
import { HEALTH_STATES } from "./telemetry.js";

/** A participant's subsystem totals for one tick, summed by the coordinator into fleet-telemetry. */
export const SubsystemTotalsSchema = Type.Object(
  {
    generatedW: Finite("solar power generated, W"),
    consumedW: Finite("power used, W"),
    acceleratorsActive: Count("working accelerators"),
    acceleratorsFailed: Count("failed accelerators so far"),
    sparesLeft: Count("spare accelerators left"),
    acceleratorHours: Finite("accelerator-hours delivered so far"),
    tempComputeMinK: Finite("coldest compute node, K"),
    tempComputeSumK: Finite("sum of compute node temperatures, K (mean = sum / satellites with a bus)"),
    tempComputeMaxK: Finite("hottest compute node, K"),
    withBus: Count("satellites with a bus"),
    byHealth: Type.Array(Type.Integer({ minimum: 0 }), { minItems: HEALTH_STATES, maxItems: HEALTH_STATES, description: "satellites per Health code" }),
  },
  { additionalProperties: false },
);
export type SubsystemTotals = Static<typeof SubsystemTotalsSchema>;

export function emptySubsystemTotals(): SubsystemTotals {
  return {
    generatedW: 0,
    consumedW: 0,
    acceleratorsActive: 0,
    acceleratorsFailed: 0,
    sparesLeft: 0,
    acceleratorHours: 0,
    tempComputeMinK: Infinity,
    tempComputeSumK: 0,
    tempComputeMaxK: -Infinity,
    withBus: 0,
    byHealth: new Array<number>(HEALTH_STATES).fill(0),
  };
}

export function addSubsystemTotals(into: SubsystemTotals, from: SubsystemTotals): void {
  into.generatedW += from.generatedW;
  into.consumedW += from.consumedW;
  into.acceleratorsActive += from.acceleratorsActive;
  into.acceleratorsFailed += from.acceleratorsFailed;
  into.sparesLeft += from.sparesLeft;
  into.acceleratorHours += from.acceleratorHours;
  into.tempComputeMinK = Math.min(into.tempComputeMinK, from.tempComputeMinK);
  into.tempComputeSumK += from.tempComputeSumK;
  into.tempComputeMaxK = Math.max(into.tempComputeMaxK, from.tempComputeMaxK);
  into.withBus += from.withBus;
  for (let i = 0; i < HEALTH_STATES; i++) into.byHealth[i] = (into.byHealth[i] ?? 0) + (from.byHealth[i] ?? 0);
}
