/**
 * Where each number of the fleet kernel's tables sits: the one layout that sgp4-near.ts writes
 * and the WebAssembly kernel (assembly/sgp4-kernel.ts) reads. Plain integer constants only, so
 * both TypeScript and AssemblyScript compile this file.
 */

// A record: the SGP4 constants a satellite shares with its shell (every satellite of a generated
// shell has the same but for its node and mean anomaly). Offsets into the records table.
export const EPOCH_MIN = 0; // element epoch, minutes since 1970 UTC
export const MDOT = 1;
export const ARGPO = 2;
export const ARGPDOT = 3;
export const NODEDOT = 4;
export const NODECF = 5;
export const CC1 = 6;
export const BSTAR_CC4 = 7;
export const T2COF = 8;
export const SIMPLE = 9; // 1 when SGP4 drops the higher drag terms (perigee below 220 km)
export const OMGCOF = 10;
export const ETA = 11;
export const XMCOF = 12;
export const D2 = 13;
export const D3 = 14;
export const D4 = 15;
export const BSTAR_CC5 = 16;
export const T3COF = 17;
export const T4COF = 18;
export const T5COF = 19;
export const NO = 20;
export const AM_BASE = 21; // (xke / no)^(2/3)
export const ECCO = 22;
export const AYCOF = 23;
export const XLCOF = 24;
export const CON41 = 25;
export const X1MTH2 = 26;
export const X7THM1 = 27;
export const COSIO = 28;
export const SINIO = 29;
export const DEEP = 30; // 1: deep space, the slot's satellite.js record propagates it
/** numbers per shared record */
export const SGP4_RECORD_STRIDE = 31;

// What is a satellite's own: offsets into the per-slot table.
export const MO = 0;
export const NODEO = 1;
export const SINMAO = 2;
export const DELMO = 3;
/** numbers per slot */
export const SLOT_STRIDE = 4;
