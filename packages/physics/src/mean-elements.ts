/** SGP4 mean elements (the content of a TLE or a CCSDS OMM), in named units: what tle.ts, omm.ts and elements.ts all speak. */
export interface MeanElements {
  /** element set epoch, UTC ms since 1970 */
  epochMs: number;
  meanMotionRevPerDay: number;
  eccentricity: number;
  inclinationDeg: number;
  raanDeg: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  /** SGP4 drag term, 1/earth radii */
  bstar: number;
  /** first derivative of mean motion divided by 2, rev/day^2 (TLE line 1 field) */
  meanMotionDotRevPerDay2?: number;
  /** second derivative of mean motion divided by 6, rev/day^3 */
  meanMotionDdotRevPerDay3?: number;
  noradId?: number;
  name?: string;
  intlDesignator?: string;
}
