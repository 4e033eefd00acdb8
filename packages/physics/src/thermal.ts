/**
 * Lumped-node thermal model: nodes with heat capacities, linear conductances between them, and
 * radiation to space from each node's radiating area. Integrated by backward Euler with Newton
 * iterations on the T^4 term, which is unconditionally stable at any dt and conserves energy
 * exactly per step: sum C dT = (sum Q_in - sum Q_radiated) dt (Gilmore, Spacecraft Thermal
 * Control Handbook, ch. 15, on implicit schemes for stiff radiative networks).
 */
import { BadModelInputError } from "./errors.js";

/** Stefan-Boltzmann constant, W/m^2/K^4 (CODATA 2018). */
export const STEFAN_BOLTZMANN = 5.670374419e-8;
/** Deep space sink, K. */
export const DEEP_SPACE_K = 2.7;

export interface ThermalNetwork {
  /** node names, e.g. compute, radiator, bus */
  names: readonly string[];
  /** per node, J/K */
  heatCapacityJK: Float64Array;
  /** n x n, row-major, symmetric, W/K; diagonal ignored */
  conductanceWK: Float64Array;
  /** per node: total area radiating to space (faces x face area), m^2 */
  radiatingAreaM2: Float64Array;
  /** per node, 0..1 */
  emissivity: Float64Array;
}

export interface ThermalStepResult {
  /** energy radiated to space during the step, J */
  radiatedJ: number;
  /** Newton iterations used */
  iterations: number;
}

export interface ThermalNodeSpec {
  /** e.g. "compute", "radiator", "bus" */
  name: string;
  /** heat capacity m c_p, J/K */
  heatCapacityJK: number;
  /** area of one radiating face, m^2 (0 for an internal node) */
  radiatingAreaM2: number;
  /** faces that radiate to space: 1 (a body-mounted panel) or 2 (a deployed panel). @default 1 */
  radiatingFaces?: 1 | 2;
  /** infrared emissivity, 0..1 */
  emissivity: number;
}

export interface ThermalLinkSpec {
  a: string;
  b: string;
  /** linear conductance between the two nodes (conduction, heat pipes, pumped loop), W/K */
  conductanceWK: number;
}

/** Builds a network; throws BadModelInputError naming the node or link that is out of range. */
export function createThermalNetwork(nodes: readonly ThermalNodeSpec[], links: readonly ThermalLinkSpec[]): ThermalNetwork {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.name, i]));
  const conductanceWK = new Float64Array(n * n);
  for (const link of links) {
    const a = index.get(link.a);
    const b = index.get(link.b);
    if (a === undefined || b === undefined)
      throw new BadModelInputError(`thermal network: link ${link.a}-${link.b} names an unknown node; nodes are ${nodes.map((x) => x.name).join(", ")}`);
    if (!(link.conductanceWK >= 0 && Number.isFinite(link.conductanceWK)))
      throw new BadModelInputError(`thermal network: link ${link.a}-${link.b} conductanceWK = ${link.conductanceWK}: must be finite and >= 0 W/K`);
    conductanceWK[a * n + b] = conductanceWK[a * n + b]! + link.conductanceWK;
    conductanceWK[b * n + a] = conductanceWK[b * n + a]! + link.conductanceWK;
  }
  for (const node of nodes) {
    if (!(node.heatCapacityJK > 0 && Number.isFinite(node.heatCapacityJK)))
      throw new BadModelInputError(`thermal network: node ${node.name} heatCapacityJK = ${node.heatCapacityJK}: must be finite and > 0 J/K`);
    if (!(node.radiatingAreaM2 >= 0))
      throw new BadModelInputError(`thermal network: node ${node.name} radiatingAreaM2 = ${node.radiatingAreaM2}: must be >= 0 m^2`);
    if (!(node.emissivity >= 0 && node.emissivity <= 1))
      throw new BadModelInputError(`thermal network: node ${node.name} emissivity = ${node.emissivity}: must be in [0, 1]`);
  }
  return {
    names: nodes.map((x) => x.name),
    heatCapacityJK: Float64Array.from(nodes, (x) => x.heatCapacityJK),
    conductanceWK,
    radiatingAreaM2: Float64Array.from(nodes, (x) => x.radiatingAreaM2 * (x.radiatingFaces ?? 1)),
    emissivity: Float64Array.from(nodes, (x) => x.emissivity),
  };
}

/**
 * Advances temperatures `tempsK` (K, updated in place) by `dtS` (s) with heat `heatInW` per node
 * (W: absorbed environment from thermal-environment.ts plus dissipation), radiating to `sinkK`.
 * Backward Euler: C (T1 - T0) / dt = Q - sum G (T1 - T1_j) - eps sigma A (T1^4 - T_sink^4),
 * solved by Newton's method to |dT| < 1e-9 K; the conduction terms cancel in the sum over nodes,
 * so sum C dT = (sum Q - radiated) dt holds to the Newton tolerance at any dt.
 */
export function stepThermal(net: ThermalNetwork, tempsK: Float64Array, heatInW: Float64Array, dtS: number, sinkK = DEEP_SPACE_K): ThermalStepResult {
  const n = net.names.length;
  const old = Float64Array.from(tempsK);
  const jac = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  let iterations = 0;
  for (; iterations < 50; iterations++) {
    for (let i = 0; i < n; i++) {
      const t = tempsK[i]!;
      const ea = STEFAN_BOLTZMANN * net.emissivity[i]! * net.radiatingAreaM2[i]!;
      let residual = (net.heatCapacityJK[i]! / dtS) * (t - old[i]!) - heatInW[i]! + ea * (t ** 4 - sinkK ** 4);
      let diag = net.heatCapacityJK[i]! / dtS + 4 * ea * t ** 3;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const g = net.conductanceWK[i * n + j]!;
        residual -= g * (tempsK[j]! - t);
        diag += g;
        jac[i * n + j] = -g;
      }
      jac[i * n + i] = diag;
      rhs[i] = -residual;
    }
    const delta = solveLinear(jac, rhs, n);
    let maxDelta = 0;
    for (let i = 0; i < n; i++) {
      tempsK[i] = Math.max(sinkK, tempsK[i]! + delta[i]!);
      maxDelta = Math.max(maxDelta, Math.abs(delta[i]!));
    }
    if (maxDelta < 1e-9) break;
  }
  let radiatedJ = 0;
  for (let i = 0; i < n; i++) radiatedJ += STEFAN_BOLTZMANN * net.emissivity[i]! * net.radiatingAreaM2[i]! * (tempsK[i]! ** 4 - sinkK ** 4) * dtS;
  return { radiatedJ, iterations: iterations + 1 };
}

/** Steady-state temperatures for constant heat inputs (the limit of an infinitely long step). */
export function steadyStateTempsK(net: ThermalNetwork, heatInW: Float64Array, guessK = 300, sinkK = DEEP_SPACE_K): Float64Array {
  const temps = new Float64Array(net.names.length).fill(guessK);
  for (let k = 0; k < 20; k++) stepThermal(net, temps, heatInW, 1e9, sinkK);
  return temps;
}

/** Gaussian elimination with partial pivoting; the networks are a handful of nodes. */
function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c]!, m[col * n + c]!];
      [x[col], x[pivot]] = [x[pivot]!, x[col]!];
    }
    const p = m[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / p;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] = m[r * n + c]! - f * m[col * n + c]!;
      x[r] = x[r]! - f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let c = r + 1; c < n; c++) sum -= m[r * n + c]! * x[c]!;
    x[r] = sum / m[r * n + r]!;
  }
  return x;
}
