/**
 * Near-Earth SGP4 over packed numbers: the layout of a record (the constants a satellite shares
 * with its shell) and of a slot (the numbers that are its own), and how an initialised
 * satellite.js record fills them. The propagator that reads them is the WebAssembly kernel
 * (assembly/sgp4-kernel.ts), which repeats these offsets.
 */
import { constants, type SatRec } from "satellite.js";

const { xke, x2o3: TWO_THIRDS } = constants;

const MIN_PER_DAY = 1440;
/** Julian date of 1970-01-01T00:00Z. */
const JD_UNIX_EPOCH = 2440587.5;

// A record: the SGP4 constants a satellite shares with its shell (every satellite of a generated
// shell has the same but for its node and mean anomaly). Offsets into the records table.
export const EPOCH_MIN = 0; // element epoch, minutes since 1970 UTC
const MDOT = 1;
const ARGPO = 2;
const ARGPDOT = 3;
const NODEDOT = 4;
const NODECF = 5;
const CC1 = 6;
const BSTAR_CC4 = 7;
const T2COF = 8;
const SIMPLE = 9; // 1 when SGP4 drops the higher drag terms (perigee below 220 km)
const OMGCOF = 10;
const ETA = 11;
const XMCOF = 12;
const D2 = 13;
const D3 = 14;
const D4 = 15;
const BSTAR_CC5 = 16;
const T3COF = 17;
const T4COF = 18;
const T5COF = 19;
const NO = 20;
const AM_BASE = 21; // (xke / no)^(2/3)
const ECCO = 22;
const AYCOF = 23;
const XLCOF = 24;
const CON41 = 25;
const X1MTH2 = 26;
const X7THM1 = 27;
const COSIO = 28;
const SINIO = 29;
export const DEEP = 30; // 1: deep space, the slot's satellite.js record propagates it
/** numbers per shared record */
export const SGP4_RECORD_STRIDE = 31;
// What is a satellite's own: offsets into the per-slot table.
const MO = 0;
const NODEO = 1;
const SINMAO = 2;
const DELMO = 3;
export const SLOT_STRIDE = 4;

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
