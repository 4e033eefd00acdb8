/**
 * Satellite bus presets. Figures are public ballpark values, each with its source; they are
 * starting points for scenarios, not specifications of real spacecraft.
 */
import type { SatelliteBusSpec } from "./satellite-step.js";

/** NVIDIA H100 SXM: 700 W TDP, ~0.99 PFLOP/s dense BF16 (NVIDIA H100 datasheet); junction limit ~95 C. */
const H100 = { tdpW: 700, idleW: 90, junctionResistanceKPerW: 0.03, junctionLimitK: 368, peakFlops: 0.99e15 };
/** A TPU-class accelerator: ~300 W, ~0.9 PFLOP/s BF16 (Google Cloud TPU v6e public figures, rounded). */
const TPU = { tdpW: 300, idleW: 40, junctionResistanceKPerW: 0.06, junctionLimitK: 368, peakFlops: 0.92e15 };

const leoRadiation = {
  shieldingMmAl: 2.5,
  // Order-of-magnitude SEE rates of a large accelerator with ECC memory at ~1 rad/day.
  singleEvents: { sdcPerDay: 0.02, uncorrectablePerDay: 0.005, functionalInterruptPerDay: 0.002, referenceRadPerDay: 1 },
  // Commercial parts: tens of krad(Si) to failure, plus a 500 FIT random rate.
  hardFailure: { tidScaleRad: 40_000, tidShape: 4, fit: 500 },
  overTempHazardPerK: 2e-4,
};

export const busPresets: Record<string, SatelliteBusSpec> = {
  /**
   * A Starlink-v2-mini-class bus carrying GPUs: 105 m^2 of 22 % cells at 0.9 packing (28.3 kW,
   * physics-cases 17, Suncatcher's proxy), 16 H100-class GPUs (11.2 kW) with 2 spares.
   */
  "starlink-v2-mini-gpu": {
    array: { areaM2: 105, efficiency: 0.22, packingFactor: 0.9, degradationPerYear: 0.01 },
    battery: { capacityWh: 30_000, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, maxDepthOfDischarge: 0.8, cycleLifeAtRefDod: 30_000, refDepthOfDischarge: 0.3 },
    busLoadW: 2500,
    accelerator: H100,
    acceleratorsActive: 16,
    acceleratorSpares: 2,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 60_000,
      radiatorHeatCapacityJK: 120_000,
      busHeatCapacityJK: 400_000,
      radiatorAreaM2: 26,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 6,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 0.6,
      computeToRadiatorWK: 800,
      busToRadiatorWK: 40,
    },
    ...leoRadiation,
  },
  /** A Suncatcher-style TPU satellite of an 81-satellite formation (Google, 2025): 8 TPU-class chips. */
  "suncatcher-tpu": {
    array: { areaM2: 12, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0.01 },
    battery: { capacityWh: 3000, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, maxDepthOfDischarge: 0.8, cycleLifeAtRefDod: 30_000, refDepthOfDischarge: 0.3 },
    busLoadW: 400,
    accelerator: TPU,
    acceleratorsActive: 8,
    acceleratorSpares: 1,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 15_000,
      radiatorHeatCapacityJK: 30_000,
      busHeatCapacityJK: 80_000,
      radiatorAreaM2: 6,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 2,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 0.2,
      computeToRadiatorWK: 300,
      busToRadiatorWK: 10,
    },
    ...leoRadiation,
  },
  /** A Starcloud-class satellite with one data-center GPU (Starcloud-1, 2025: one H100, ~60 kg). */
  "starcloud-1-gpu": {
    array: { areaM2: 4.5, efficiency: 0.3, packingFactor: 0.85, degradationPerYear: 0.01 },
    battery: { capacityWh: 1500, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, maxDepthOfDischarge: 0.8, cycleLifeAtRefDod: 30_000, refDepthOfDischarge: 0.3 },
    busLoadW: 150,
    accelerator: H100,
    acceleratorsActive: 1,
    acceleratorSpares: 0,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 5000,
      radiatorHeatCapacityJK: 8000,
      busHeatCapacityJK: 30_000,
      radiatorAreaM2: 1.6,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 0.8,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 0.1,
      computeToRadiatorWK: 60,
      busToRadiatorWK: 5,
    },
    ...leoRadiation,
  },
};
