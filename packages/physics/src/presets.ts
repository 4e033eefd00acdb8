/**
 * Satellite bus presets. Figures are public ballpark values, each with its source; they are
 * starting points for scenarios, not specifications of real spacecraft.
 */
import type { SatelliteBusSpec } from "./satellite-step.js";

/** NVIDIA H100 SXM: 700 W TDP, ~0.99 PFLOP/s dense BF16 (NVIDIA H100 datasheet); junction limit ~95 C. */
const H100 = { tdpW: 700, idleW: 90, junctionResistanceKPerW: 0.03, junctionLimitK: 368, peakFlops: 0.99e15 };
/**
 * NVIDIA B200 (HGX): 1,000 W, 2.25 PFLOP/s dense BF16 (NVIDIA's HGX B200 figures as tabulated at
 * glennklockwood.com/garden/processors/B200). Idle 150 W and 0.02 K/W junction-to-coolant (a die
 * about twice the H100's) are assumptions; the junction limit is the H100's.
 */
const B200 = { tdpW: 1000, idleW: 150, junctionResistanceKPerW: 0.02, junctionLimitK: 368, peakFlops: 2.25e15 };
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
    battery: {
      capacityWh: 30_000,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
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
    battery: {
      capacityWh: 3000,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
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
  /**
   * A satellite of SpaceX's orbital data center (FCC application SAT-LOA-20260108-00016, filed
   * 30 January 2026; sources with addresses in docs/PHYSICS.md). Public figures: 100 kW of compute
   * per tonne (the filing: a million tonnes of satellites a year at 100 kW per tonne adds 100 GW a
   * year), optical inter-satellite links, "near-constant solar power". The filing gives no mass,
   * array, radiator or battery figure; the rest is sized from the compute and marked.
   * - Mass 1,000 kg (assumption: a million satellites are then the filing's million tonnes), so
   *   100 kW of compute: 100 B200-class accelerators of 1 kW, and 8 spares (assumption: 500 FIT
   *   gives 100 accelerators 2.2 random failures in 5 years; dose failures in the high shells
   *   are for studies to size).
   * - Bus 5 kW (assumption: 3 % conversion loss on 100 kW, 2 kW of avionics, lasers, attitude).
   * - Battery 200 kWh: the longest eclipse between 500 and 2,000 km is 35.8 min (500 km, beta 0,
   *   physics-cases 9), about 66 kWh at the accelerators' full 1 kW each, a third of capacity:
   *   LEO batteries cycle at 20-40 % (Fortescue et al., ch. 10).
   * - Array 740 m^2 of Starlink-class 22 % cells at 0.9 packing (physics-cases 17): 199 kW at
   *   beginning of life, 183 kW after 5 years at aphelion, the full load plus the eclipse's
   *   recharge in the 58.7 min of sunlight left at 500 km, beta 0.
   * - Radiator 220 m^2 (both faces counted), emissivity 0.9 and absorptivity 0.2 (white-painted
   *   panels, as the other presets), on a pumped loop of 10 kW/K (assumption): 321 K at full
   *   power in sunlight at perihelion, junction 351 K against its 368 K.
   * - Heat capacities (assumption): accelerators, cold plates and coolant ~0.4 MJ/K; radiator
   *   220 m^2 x 3 kg/m^2 x 900 J/(kg K); bus with the battery ~1 MJ/K.
   * At today's areal masses (array ~1 kg/m^2, radiator ~3 kg/m^2, battery ~250 Wh/kg, ~3 kg per
   * accelerator with its share of board and cold plate, ~300 kg of bus) these parts weigh about
   * 2.8 t: 35 kW of compute per tonne. The filing's 100 kW per tonne needs every part about three
   * times lighter; presets.test.ts checks the power and heat balance, not the mass.
   */
  "spacex-odc-gpu": {
    array: { areaM2: 740, efficiency: 0.22, packingFactor: 0.9, degradationPerYear: 0.01 },
    battery: {
      capacityWh: 200_000,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
    busLoadW: 5000,
    accelerator: B200,
    acceleratorsActive: 100,
    acceleratorSpares: 8,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 400_000,
      radiatorHeatCapacityJK: 600_000,
      busHeatCapacityJK: 1_000_000,
      radiatorAreaM2: 220,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 25,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 2,
      computeToRadiatorWK: 10_000,
      busToRadiatorWK: 100,
    },
    ...leoRadiation,
  },
  /** A Starcloud-class satellite with one data-center GPU (Starcloud-1, 2025: one H100, ~60 kg). */
  "starcloud-1-gpu": {
    array: { areaM2: 4.5, efficiency: 0.3, packingFactor: 0.85, degradationPerYear: 0.01 },
    battery: {
      capacityWh: 1500,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
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
  /**
   * Starcloud-2 (Starcloud, launch planned for October 2026; TechCrunch, 30 March 2026): "multiple
   * GPUs" including an NVIDIA Blackwell, an AWS server blade, "the largest commercial deployable
   * radiator ever sent to space", and "100x the power generation" of Starcloud-1. Neither power
   * figure is public in watts, so the size is assumed: 8 Blackwell-class (B200) accelerators,
   * 8 kW, and a 1 kW bus with the server blade; no spares.
   * - Array 50 m^2 of 30 % cells at 0.9 packing (assumption): 9 kW plus the recharge of a 23 min
   *   eclipse (a dawn-dusk orbit at 550 km near the June solstice) after 5 years at aphelion.
   * - Battery 20 kWh: that eclipse at full load is 3.5 kWh, a sixth of it.
   * - Radiator 24 m^2 (the spacex-odc-gpu preset's 2.3 m^2 per kW of heat, scaled), a pumped loop
   *   of 100 W/K per accelerator as there; heat capacities scaled the same way (assumptions).
   */
  "starcloud-2-gpu": {
    array: { areaM2: 50, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0.01 },
    battery: {
      capacityWh: 20_000,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
    busLoadW: 1000,
    accelerator: B200,
    acceleratorsActive: 8,
    acceleratorSpares: 0,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 32_000,
      radiatorHeatCapacityJK: 65_000,
      busHeatCapacityJK: 100_000,
      radiatorAreaM2: 24,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 3,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 0.3,
      computeToRadiatorWK: 800,
      busToRadiatorWK: 20,
    },
    ...leoRadiation,
  },
  /**
   * The first node of Aetherflux's "Galactic Brain" (announced 10 December 2025, first node
   * targeted for the first quarter of 2027; Data Center Dynamics and the company's release): a
   * satellite running AI compute on continuous solar power, cooled by radiators. No accelerator,
   * power or mass figure is public: every number here is an assumption. 4 H100-class GPUs
   * (2.8 kW) and a 600 W bus; array 20 m^2 of 30 % cells (3.4 kW plus a 23 min eclipse's recharge
   * after 5 years at aphelion); battery 8 kWh (that eclipse is 1.3 kWh); radiator 8 m^2 (the
   * starlink-v2-mini-gpu preset's 1.6 m^2 per H100, and its 50 W/K loop per GPU).
   */
  "aetherflux-node-gpu": {
    array: { areaM2: 20, efficiency: 0.3, packingFactor: 0.9, degradationPerYear: 0.01 },
    battery: {
      capacityWh: 8000,
      chargeEfficiency: 0.95,
      dischargeEfficiency: 0.95,
      maxDepthOfDischarge: 0.8,
      cycleLifeAtRefDod: 30_000,
      refDepthOfDischarge: 0.3,
    },
    busLoadW: 600,
    accelerator: H100,
    acceleratorsActive: 4,
    acceleratorSpares: 0,
    utilization: 0.9,
    thermal: {
      computeHeatCapacityJK: 15_000,
      radiatorHeatCapacityJK: 22_000,
      busHeatCapacityJK: 60_000,
      radiatorAreaM2: 8,
      radiatorEmissivity: 0.9,
      radiatorAbsorptivity: 0.2,
      radiatorEarthViewFactor: 0.3,
      busRadiatingAreaM2: 2,
      busEmissivity: 0.8,
      busSolarAbsorbingAreaM2: 0.2,
      computeToRadiatorWK: 200,
      busToRadiatorWK: 10,
    },
    ...leoRadiation,
  },
};
