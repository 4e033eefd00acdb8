/**
 * The `constellations:` of a scenario and the bus each flies: generated shells (Walker delta, a
 * layered shell, a Suncatcher-style formation) and element files (TLE, CCSDS OMM JSON). Checked
 * here for what a schema cannot say, with the field path in every problem; expanded by the
 * coordinator through the physics generators.
 */
import { Type, type Static } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";

/** A lower-case kebab name, as scenarios and constellations have. */
export const KebabName = Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,40}$", description: "lower-case kebab name, used in satellite and cluster ids" });

/** Which satellite bus a constellation flies: a preset of the physics package, with overrides. */
export const BusChoiceSchema = Type.Object(
  {
    preset: Type.String({
      description: "bus preset: starlink-v2-mini-gpu, suncatcher-tpu, starcloud-1-gpu, starcloud-2-gpu, aetherflux-node-gpu, spacex-odc-gpu",
    }),
    radiatorAreaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "radiator panel area, m^2" })),
    radiatorEmissivity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, description: "radiator infrared emissivity, 0..1" })),
    shieldingMmAl: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "aluminium-equivalent shielding around the accelerators, mm" })),
    batteryCapacityWh: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "battery capacity, Wh" })),
    accelerators: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: "active accelerators per satellite" })),
    spares: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: "spare accelerators per satellite" })),
    utilization: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "fraction of time accelerators run work" })),
    tidScaleRad: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "dose at which 63 % of accelerators have failed, rad(Si)" })),
    fit: Type.Optional(Type.Number({ minimum: 0, description: "random accelerator failures per 1e9 device-hours" })),
  },
  { additionalProperties: false },
);
export type BusChoice = Static<typeof BusChoiceSchema>;

/**
 * The thickest shell, km: SpaceX's orbital data center application (FCC, 30 January 2026) asks for
 * "orbital shells spanning up to 50 km each" (FCC Public Notice DA 26-113).
 */
export const MAX_SHELL_THICKNESS_KM = 50;
/** Highest mean altitude with a Sun-synchronous inclination to spare (J2 is too weak above ~5,970 km). */
export const MAX_SSO_ALT_KM = 5900;

const Inclination = Type.Union([Type.Number({ minimum: 0, maximum: 180 }), Type.Literal("sso")], {
  description: "degrees, or sso: the Sun-synchronous inclination of each plane's altitude",
});

const walkerFields = {
  name: KebabName,
  planes: Type.Integer({ minimum: 1, maximum: 10_000 }),
  satsPerPlane: Type.Integer({ minimum: 1, maximum: 10_000 }),
  phasing: Type.Integer({ minimum: 0, description: "Walker phasing parameter f, 0 <= f < planes" }),
  inclinationDeg: Inclination,
  bstar: Type.Optional(Type.Number({ description: "SGP4 drag term, 1/earth radii; default 0" })),
  bus: Type.Optional(BusChoiceSchema),
};

const WalkerSchema = Type.Object(
  {
    kind: Type.Literal("walker"),
    ...walkerFields,
    altKm: Type.Number({ minimum: 150, maximum: 40_000, description: "circular altitude above the equatorial radius, km" }),
    raanOffsetDeg: Type.Optional(Type.Number({ description: "RAAN of the first plane, degrees" })),
  },
  { additionalProperties: false },
);

/** A Walker shell with a thickness: its planes dealt over layers of altitude, its nodes over a spread. */
const ShellSchema = Type.Object(
  {
    kind: Type.Literal("shell"),
    ...walkerFields,
    altKm: Type.Number({ minimum: 150, maximum: 40_000, description: "middle of the shell, mean altitude above the equatorial radius, km" }),
    thicknessKm: Type.Number({
      minimum: 0,
      maximum: MAX_SHELL_THICKNESS_KM,
      description: "from the shell's lowest to its highest mean altitude, km; at most 50 (the SpaceX filing's shells)",
    }),
    layers: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      description: "altitudes the planes are dealt over (plane p on layer p mod layers), each in the middle of its band of the thickness; at most planes",
    }),
    raanSpreadDeg: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 360, description: "planes spread evenly over this many degrees of node; default 360" }),
    ),
    raanOffsetDeg: Type.Optional(Type.Number({ description: "RAAN of the first plane, degrees (not with ltanHours)" })),
    ltanHours: Type.Optional(
      Type.Number({
        minimum: 0,
        exclusiveMaximum: 24,
        description: "local time of the ascending node of the middle of the node spread, hours (not with raanOffsetDeg)",
      }),
    ),
  },
  { additionalProperties: false },
);

const FormationSchema = Type.Object(
  {
    kind: Type.Literal("formation"),
    name: KebabName,
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: "satellites; default 81" })),
    radiusM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: "formation radius, m; default 1000" })),
    altKm: Type.Optional(Type.Number({ minimum: 150, maximum: 40_000, description: "reference orbit altitude, km; default 650" })),
    bus: Type.Optional(BusChoiceSchema),
  },
  { additionalProperties: false },
);

const ElementFileSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal("tle"), Type.Literal("omm")]),
    name: KebabName,
    file: Type.String({ minLength: 1, description: "path, relative to the scenario file" }),
    limit: Type.Optional(Type.Integer({ minimum: 1, description: "use only the first N element sets" })),
    bus: Type.Optional(BusChoiceSchema),
  },
  { additionalProperties: false },
);

export const ConstellationSchema = Type.Union([WalkerSchema, ShellSchema, FormationSchema, ElementFileSchema]);
export type ConstellationSpec = Static<typeof ConstellationSchema>;

/** A union's own error ("Expected union value") names no field, so each kind has its checker. */
export const constellationCheckers = {
  walker: TypeCompiler.Compile(WalkerSchema),
  shell: TypeCompiler.Compile(ShellSchema),
  formation: TypeCompiler.Compile(FormationSchema),
  tle: TypeCompiler.Compile(ElementFileSchema),
  omm: TypeCompiler.Compile(ElementFileSchema),
} as const;

/** Satellites a constellation declares; undefined for element files (known only once read). */
export function declaredSatellites(c: ConstellationSpec): number | undefined {
  switch (c.kind) {
    case "walker":
    case "shell":
      return c.planes * c.satsPerPlane;
    case "formation":
      return c.count ?? 81;
    default:
      return undefined;
  }
}

/** What the schema cannot say about a schema-valid constellation, each problem with its path. */
export function constellationProblems(c: ConstellationSpec, where: string): string[] {
  if (c.kind !== "walker" && c.kind !== "shell") return [];
  const problems: string[] = [];
  if (c.phasing >= c.planes) problems.push(`${where}/phasing: ${c.phasing} must be below planes (${c.planes})`);
  const halfKm = c.kind === "shell" ? c.thicknessKm / 2 : 0;
  if (c.kind === "shell") {
    if (c.layers > c.planes) problems.push(`${where}/layers: ${c.layers} must be at most planes (${c.planes}): a layer holds whole planes`);
    if (c.altKm - halfKm < 150) problems.push(`${where}/thicknessKm: the shell's bottom, ${c.altKm - halfKm} km, is below 150 km`);
    if (c.raanOffsetDeg !== undefined && c.ltanHours !== undefined) problems.push(`${where}/ltanHours: give raanOffsetDeg or ltanHours, not both`);
  }
  if (c.inclinationDeg === "sso" && c.altKm + halfKm > MAX_SSO_ALT_KM) {
    problems.push(
      `${where}/inclinationDeg: sso needs mean altitudes up to ${MAX_SSO_ALT_KM} km (this one reaches ${c.altKm + halfKm} km); above ~5,970 km no inclination is Sun-synchronous`,
    );
  }
  return problems;
}
