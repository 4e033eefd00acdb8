/**
 * Near-Earth SGP4 over packed numbers: the layout of a record (the constants a satellite shares
 * with its shell) and of a slot (the numbers that are its own), and how an initialised
 * satellite.js record fills them (the offsets are sgp4-layout.ts's). The propagator that reads
 * them is the WebAssembly kernel (assembly/sgp4-kernel.ts).
 */
import { constants, type SatRec } from "satellite.js";
import {
  AM_BASE,
  ARGPDOT,
  ARGPO,
  AYCOF,
  BSTAR_CC4,
  BSTAR_CC5,
  CC1,
  CON41,
  COSIO,
  D2,
  D3,
  D4,
  DEEP,
  DELMO,
  ECCO,
  EPOCH_MIN,
  ETA,
  MDOT,
  MO,
  NO,
  NODECF,
  NODEDOT,
  NODEO,
  OMGCOF,
  SGP4_RECORD_STRIDE,
  SIMPLE,
  SINIO,
  SINMAO,
  SLOT_STRIDE,
  T2COF,
  T3COF,
  T4COF,
  T5COF,
  X1MTH2,
  X7THM1,
  XLCOF,
  XMCOF,
} from "./sgp4-layout.js";

const { xke, x2o3: TWO_THIRDS } = constants;

const MIN_PER_DAY = 1440;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

/**
 * Record `b` of `c` and slot `k` of `own` from an initialised satellite.js record. A deep-space
 * record gets its epoch and the DEEP mark only: satellite.js propagates it.
 */
export function writeSatrec(c: Float64Array, b: number, own: Float64Array, k: number, satrec: SatRec): void {
  c.fill(0, b, b + SGP4_RECORD_STRIDE);
  own.fill(0, k, k + SLOT_STRIDE);
  c[b + EPOCH_MIN] = (satrec.jdsatepoch - JD_UNIX_EPOCH) * MIN_PER_DAY;
  if (satrec.method === "d") {
    c[b + DEEP] = 1;
    return;
  }
  own[k + MO] = satrec.mo;
  own[k + NODEO] = satrec.nodeo;
  own[k + SINMAO] = satrec.sinmao;
  own[k + DELMO] = satrec.delmo;
  c[b + MDOT] = satrec.mdot;
  c[b + ARGPO] = satrec.argpo;
  c[b + ARGPDOT] = satrec.argpdot;
  c[b + NODEDOT] = satrec.nodedot;
  c[b + NODECF] = satrec.nodecf;
  c[b + CC1] = satrec.cc1;
  c[b + BSTAR_CC4] = satrec.bstar * satrec.cc4;
  c[b + T2COF] = satrec.t2cof;
  c[b + SIMPLE] = satrec.isimp === 1 ? 1 : 0;
  c[b + OMGCOF] = satrec.omgcof ?? 0;
  c[b + ETA] = satrec.eta;
  c[b + XMCOF] = satrec.xmcof ?? 0;
  c[b + D2] = satrec.d2 ?? 0;
  c[b + D3] = satrec.d3 ?? 0;
  c[b + D4] = satrec.d4 ?? 0;
  c[b + BSTAR_CC5] = satrec.bstar * satrec.cc5;
  c[b + T3COF] = satrec.t3cof ?? 0;
  c[b + T4COF] = satrec.t4cof ?? 0;
  c[b + T5COF] = satrec.t5cof ?? 0;
  c[b + NO] = satrec.no;
  c[b + AM_BASE] = (xke / satrec.no) ** TWO_THIRDS;
  c[b + ECCO] = satrec.ecco;
  c[b + AYCOF] = satrec.aycof;
  c[b + XLCOF] = satrec.xlcof;
  c[b + CON41] = satrec.con41;
  c[b + X1MTH2] = satrec.x1mth2;
  c[b + X7THM1] = satrec.x7thm1;
  c[b + COSIO] = Math.cos(satrec.inclo);
  c[b + SINIO] = Math.sin(satrec.inclo);
}

/** Slot `k` of `own` on record `b` of `c` with mean anomaly `moRad` and node `nodeoRad`, as sgp4init derives the slot's numbers from them. */
export function writeVariant(c: Float64Array, b: number, own: Float64Array, k: number, moRad: number, nodeoRad: number): void {
  own[k + MO] = moRad;
  own[k + NODEO] = nodeoRad;
  const delmotemp = 1.0 + c[b + ETA]! * Math.cos(moRad);
  own[k + DELMO] = delmotemp * delmotemp * delmotemp;
  own[k + SINMAO] = Math.sin(moRad);
}
