import { Type, type Static } from "@sinclair/typebox";
import { defineMessage } from "../descriptor.js";
import { encodeMessage } from "../codec.js";
import { encodeFlatMap } from "../flat-map-codec.js";
import { subjects } from "../subjects.js";
import { Count, Finite, Float32Column, Float64Column, SimTimeMs, Tick, Token, Uint16Column, Uint8Column, Version } from "./common.js";

/** Satellite health state byte in telemetry columns, worst last. Append only. */
export const Health = { nominal: 0, throttled: 1, degraded: 2, safeMode: 3, dead: 4, maneuvering: 5 } as const;
export const HealthNames = ["nominal", "throttled", "degraded", "safe-mode", "dead", "maneuvering"] as const;
export type HealthName = (typeof HealthNames)[number];
export const HEALTH_STATES = HealthNames.length;

/** Satellite status byte in telemetry columns. Append only. */
export const SatStatus = { ok: 0, propagationFailed: 1, destroyed: 2, noSignal: 3 } as const;
export const SatStatusNames = ["ok", "propagation-failed", "destroyed", "no-signal"] as const;

/**
 * Layout of `cluster-telemetry`: 3 since the orbit columns are float32, which halves a batch
 * without subsystems (a satellite's 81 bytes become 41) and keeps 0.5 m of position at LEO. The
 * per-satellite message stays float64 for whoever needs the exact state. Layout 2 (float64 orbit
 * columns) and layout 1 (the same plus `satIds`) are still accepted.
 */
export const CLUSTER_TELEMETRY_VERSION = 3;

type OrbitColumn = typeof Float64Column;
const clusterTelemetryFields = (orbitColumn: OrbitColumn) => ({
  run: Token,
  cluster: Token,
  tick: Tick,
  simTimeMs: SimTimeMs,
  count: Count("satellites in the batch: the cluster definition's, slot i being its satIds[i]"),
  posKm: orbitColumn("TEME position x,y,z per slot, km"),
  velKmS: orbitColumn("TEME velocity x,y,z per slot, km/s"),
  latDeg: orbitColumn("geodetic latitude (WGS-84), degrees"),
  lonDeg: orbitColumn("geodetic longitude (WGS-84), degrees east in [-180, 180]"),
  altKm: orbitColumn("height above the WGS-84 ellipsoid, km"),
  sunlitFraction: orbitColumn("fraction of the solar disk visible: 1 lit, 0 umbra (conical shadow)"),
  status: Uint8Column("SatStatus code per slot"),
  health: Type.Optional(Uint8Column("Health code per slot")),
  batterySoc: Type.Optional(Float32Column("battery state of charge, 0..1")),
  generatedW: Type.Optional(Float32Column("solar array output, W")),
  consumedW: Type.Optional(Float32Column("power drawn by loads, W")),
  tempComputeK: Type.Optional(Float32Column("compute node temperature, K")),
  tempRadiatorK: Type.Optional(Float32Column("radiator temperature, K")),
  tempBusK: Type.Optional(Float32Column("bus node temperature, K")),
  junctionK: Type.Optional(Float32Column("accelerator junction temperature, K")),
  junctionLimitK: Type.Optional(Float32Column("accelerator junction limit, K")),
  clock: Type.Optional(Float32Column("accelerator clock in force, fraction of full")),
  dutyCycle: Type.Optional(Float32Column("duty cycle in force, fraction of time compute runs")),
  load: Type.Optional(Float32Column("fraction of the accelerators given work by the scheduler")),
  acceleratorsActive: Type.Optional(Uint16Column("working accelerators")),
  acceleratorsFailed: Type.Optional(Uint16Column("failed accelerators so far")),
  sparesLeft: Type.Optional(Uint16Column("spare accelerators left")),
  doseRad: Type.Optional(Float32Column("total ionizing dose so far, rad(Si)")),
});

/**
 * One batch per cluster per tick on `tlm.<cluster>` (and `sample.<cluster>`). Columns are indexed
 * by the satellite's slot in its cluster definition. Vectors are interleaved x,y,z. Frame: TEME
 * (SGP4's output frame).
 */
export const ClusterTelemetryV3Schema = Type.Object(
  { v: Type.Literal(CLUSTER_TELEMETRY_VERSION, { description: "layout version" }), ...clusterTelemetryFields(Float32Column) },
  { additionalProperties: false },
);
/** Layout 2, as hosts of the previous release publish it and older history holds it: float64 orbit columns. */
export const ClusterTelemetryV2Schema = Type.Object(
  { v: Type.Literal(2, { description: "layout version" }), ...clusterTelemetryFields(Float64Column) },
  { additionalProperties: false },
);
/** Layout 1, as older history holds it: layout 2 plus the ids. */
export const ClusterTelemetryV1Schema = Type.Object(
  {
    v: Type.Literal(1, { description: "layout version" }),
    ...clusterTelemetryFields(Float64Column),
    satIds: Type.Array(Token, { description: "satellite id per slot" }),
  },
  { additionalProperties: false },
);
/** A batch as hosts write it now. */
export type ClusterTelemetryV3 = Static<typeof ClusterTelemetryV3Schema>;
export const ClusterTelemetrySchema = Type.Union([ClusterTelemetryV3Schema, ClusterTelemetryV2Schema, ClusterTelemetryV1Schema]);
/** A batch as read off the bus: any layout. Readers take the ids from the cluster definition and its columns from telemetry-columns.ts. */
export type ClusterTelemetry = Static<typeof ClusterTelemetrySchema>;
export const clusterTelemetry = defineMessage("cluster-telemetry", "public", ClusterTelemetrySchema, {
  subject: subjects.clusterTelemetry,
  alsoOn: [subjects.clusterSample],
  encode: (batch) => encodeFlatMap(batch as Readonly<Record<string, unknown>>) ?? encodeMessage(batch),
});

const Vector3 = (description: string) => Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description });

/** One satellite on `tlm.<cluster>.<sat>`, while a watch lease on it is held. Plain MessagePack map. */
export const SatelliteTelemetrySchema = Type.Object(
  {
    v: Version,
    run: Token,
    cluster: Token,
    sat: Token,
    tick: Tick,
    simTimeMs: SimTimeMs,
    posKm: Vector3("TEME position, km"),
    velKmS: Vector3("TEME velocity, km/s"),
    latDeg: Finite("geodetic latitude (WGS-84), degrees"),
    lonDeg: Finite("geodetic longitude (WGS-84), degrees east"),
    altKm: Finite("height above the WGS-84 ellipsoid, km"),
    sunlitFraction: Finite("fraction of the solar disk visible: 1 lit, 0 umbra"),
    status: Type.String({ description: "ok | propagation-failed | destroyed" }),
    health: Type.Optional(Type.String({ description: "nominal | throttled | degraded | safe-mode | dead | maneuvering" })),
    batterySoc: Type.Optional(Finite("battery state of charge, 0..1")),
    generatedW: Type.Optional(Finite("solar array output, W")),
    consumedW: Type.Optional(Finite("power drawn by loads, W")),
    tempComputeK: Type.Optional(Finite("compute node temperature, K")),
    tempRadiatorK: Type.Optional(Finite("radiator temperature, K")),
    junctionK: Type.Optional(Finite("accelerator junction temperature, K")),
    clock: Type.Optional(Finite("accelerator clock in force, fraction of full")),
    acceleratorsActive: Type.Optional(Count("working accelerators")),
    acceleratorsFailed: Type.Optional(Count("failed accelerators so far")),
    sparesLeft: Type.Optional(Count("spare accelerators left")),
    doseRad: Type.Optional(Finite("total ionizing dose so far, rad(Si)")),
  },
  { additionalProperties: false },
);
export type SatelliteTelemetry = Static<typeof SatelliteTelemetrySchema>;
export const satelliteTelemetry = defineMessage("satellite-telemetry", "public", SatelliteTelemetrySchema, { subject: subjects.satelliteTelemetry });

/** The fleet's subsystem totals of one tick (with buses only). */
export const FleetSubsystemsSchema = Type.Object(
  {
    generatedW: Finite("solar power generated, W"),
    consumedW: Finite("power used, W"),
    acceleratorsActive: Count("working accelerators"),
    acceleratorsFailed: Count("failed accelerators so far"),
    sparesLeft: Count("spare accelerators left"),
    acceleratorHours: Finite("accelerator-hours of work delivered so far"),
    tempComputeMinK: Finite("coldest compute node, K"),
    tempComputeMeanK: Finite("mean compute node, K"),
    tempComputeMaxK: Finite("hottest compute node, K"),
    byHealth: Type.Array(Type.Integer({ minimum: 0 }), {
      minItems: HEALTH_STATES,
      maxItems: HEALTH_STATES,
      description: "satellites nominal, throttled, degraded, safe-mode, dead, maneuvering",
    }),
  },
  { additionalProperties: false },
);
export type FleetSubsystems = Static<typeof FleetSubsystemsSchema>;

/** Fleet-wide aggregate per tick on `fleet`, published by the coordinator. */
export const FleetTelemetrySchema = Type.Object(
  {
    v: Version,
    run: Token,
    tick: Tick,
    simTimeMs: SimTimeMs,
    dtMs: Finite("tick length, ms of simulation time"),
    satellites: Count("satellites stepped this tick"),
    clusters: Count("clusters in the run"),
    hosts: Count("fleet hosts that reported this tick"),
    sunlit: Finite("sum of sunlit fractions, satellites"),
    failed: Count("satellites whose propagation failed"),
    speed: Type.Union([Type.Number(), Type.Null()], { description: "requested speed, x wall clock; null = as fast as possible" }),
    achievedSpeed: Finite("simulation seconds per wall second over the last ticks"),
    tickLagMs: Finite("wall time from the tick's due time to its last done, ms"),
    stepMsMax: Finite("slowest host's step time this tick, ms"),
    subsystems: Type.Optional(FleetSubsystemsSchema),
  },
  { additionalProperties: false },
);
export type FleetTelemetry = Static<typeof FleetTelemetrySchema>;
export const fleetTelemetry = defineMessage("fleet-telemetry", "public", FleetTelemetrySchema, { subject: subjects.fleet });

/** Watcher -> fleet hosts on `watch.sat`: publish these satellites on their own subjects for `leaseMs`. */
export const WatchRequestSchema = Type.Object(
  {
    v: Version,
    sats: Type.Array(Token, { minItems: 1, maxItems: 1000, description: "satellite ids" }),
    leaseMs: Type.Integer({ minimum: 1000, maximum: 600_000, description: "wall ms the interest lasts unless renewed" }),
  },
  { additionalProperties: false },
);
export type WatchRequest = Static<typeof WatchRequestSchema>;
export const watchRequest = defineMessage("watch-request", "public", WatchRequestSchema, { subject: subjects.watchSatellites, maxBytes: 64 * 1024 });
