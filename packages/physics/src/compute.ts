/**
 * Accelerator power, heat and throughput. Dynamic CMOS power scales as C V^2 f; with voltage
 * following frequency along the DVFS curve that is close to f^3 at the top of the range and
 * gentler below, modelled here as P = P_idle + (TDP - P_idle) u c^k with k = 2.5 (an engineering
 * fit; Pedram & Nazarian, "Thermal modeling, analysis, and management in VLSI circuits", Proc.
 * IEEE 2006). Throughput scales with clock and utilisation. The junction sits above the node it
 * is mounted on by the junction-to-case resistance.
 */

export interface AcceleratorSpec {
  /** thermal design power at full clock and utilisation, W */
  tdpW: number;
  /** power at zero utilisation, W */
  idleW: number;
  /** junction-to-node thermal resistance, K/W */
  junctionResistanceKPerW: number;
  /** junction temperature limit, K */
  junctionLimitK: number;
  /** peak throughput at full clock, e.g. dense BF16 FLOP/s */
  peakFlops: number;
}

const CLOCK_EXPONENT = 2.5;

/** Electrical power = heat dissipated, W, at utilisation `util` and clock fraction `clock` (0..1). */
export function acceleratorPowerW(spec: AcceleratorSpec, util: number, clock: number): number {
  const u = clamp01(util);
  const c = clamp01(clock);
  return spec.idleW + (spec.tdpW - spec.idleW) * u * Math.pow(c, CLOCK_EXPONENT);
}

/** Delivered FLOP/s at utilisation and clock. */
export function acceleratorThroughputFlops(spec: AcceleratorSpec, util: number, clock: number): number {
  return spec.peakFlops * clamp01(util) * clamp01(clock);
}

/** Junction temperature over a node at `nodeTempK`, K. */
export function junctionTempK(spec: AcceleratorSpec, nodeTempK: number, powerW: number): number {
  return nodeTempK + spec.junctionResistanceKPerW * powerW;
}

/**
 * The highest clock fraction (<= 1) that keeps the junction at or under its limit minus
 * `marginK` on a node at `nodeTempK`; 0 when even idle exceeds it.
 */
export function maxClockForJunction(spec: AcceleratorSpec, nodeTempK: number, util: number, marginK = 0): number {
  const allowedW = (spec.junctionLimitK - marginK - nodeTempK) / spec.junctionResistanceKPerW;
  if (allowedW <= spec.idleW) return 0;
  const u = clamp01(util);
  if (u === 0) return 1;
  const c = Math.pow((allowedW - spec.idleW) / ((spec.tdpW - spec.idleW) * u), 1 / CLOCK_EXPONENT);
  return Math.min(1, c);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
