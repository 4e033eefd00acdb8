/**
 * The error code catalogue of the whole project: every `ORBITWIN_*` code any package or service
 * raises, with what it means. Codes are stable API (clients switch on them): append, never
 * rename. docs/PROTOCOL.md lists them (test/error-catalogue.test.ts keeps the two equal).
 */
export const ErrorCodes = {
  invalidToken: "ORBITWIN_INVALID_TOKEN",
  messageTooLarge: "ORBITWIN_MESSAGE_TOO_LARGE",
  malformedMessage: "ORBITWIN_MALFORMED_MESSAGE",
  invalidMessage: "ORBITWIN_INVALID_MESSAGE",
  unknownSatellite: "ORBITWIN_UNKNOWN_SAT",
  unknownCluster: "ORBITWIN_UNKNOWN_CLUSTER",
  unknownHost: "ORBITWIN_UNKNOWN_HOST",
  unknownStream: "ORBITWIN_UNKNOWN_STREAM",
  invalidScenario: "ORBITWIN_INVALID_SCENARIO",
  invalidState: "ORBITWIN_INVALID_STATE",
  staleAssignment: "ORBITWIN_STALE_ASSIGNMENT",
  internal: "ORBITWIN_INTERNAL",
  noResponders: "ORBITWIN_NO_RESPONDERS",
  timeout: "ORBITWIN_TIMEOUT",
  unknownConjunction: "ORBITWIN_UNKNOWN_CONJUNCTION",
  staleCommand: "ORBITWIN_STALE_COMMAND",
  unknownJob: "ORBITWIN_UNKNOWN_JOB",
  invalidConfig: "ORBITWIN_INVALID_CONFIG",
  usage: "ORBITWIN_USAGE",
  badRequest: "ORBITWIN_BAD_REQUEST",
  badTle: "ORBITWIN_BAD_TLE",
  badOmm: "ORBITWIN_BAD_OMM",
  badElements: "ORBITWIN_BAD_ELEMENTS",
  badGeneratorOption: "ORBITWIN_BAD_GENERATOR_OPTION",
  badPhysicsInput: "ORBITWIN_BAD_PHYSICS_INPUT",
  badHeight: "ORBITWIN_BAD_HEIGHT",
  badState: "ORBITWIN_BAD_STATE",
  badEncounter: "ORBITWIN_BAD_ENCOUNTER",
  badConjunctionWindow: "ORBITWIN_BAD_CONJUNCTION_WINDOW",
  badScreening: "ORBITWIN_BAD_SCREENING",
  badBreakupInput: "ORBITWIN_BAD_BREAKUP_INPUT",
  badPopulation: "ORBITWIN_BAD_POPULATION",
  badCascade: "ORBITWIN_BAD_CASCADE",
  corruptCheckpoint: "ORBITWIN_CORRUPT_CHECKPOINT",
  natsServerFailed: "ORBITWIN_NATS_SERVER_FAILED",
  unsupportedPlatform: "ORBITWIN_UNSUPPORTED_PLATFORM",
  storageFull: "ORBITWIN_STORAGE_FULL",
  permissionDenied: "ORBITWIN_PERMISSION_DENIED",
  limitExceeded: "ORBITWIN_LIMIT_EXCEEDED",
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One line per code: what went wrong, in the words of the one who meets it. Complete by type. */
export const errorMeanings: { readonly [C in ErrorCode]: string } = {
  ORBITWIN_INVALID_TOKEN: "a run, cluster, satellite or other id is not 1-64 lower-case letters, digits and '-'",
  ORBITWIN_MESSAGE_TOO_LARGE: "a message or request body is over its size limit (8 MiB on the bus unless the message sets less)",
  ORBITWIN_MALFORMED_MESSAGE: "a message is not MessagePack plain data (bad bytes, an extension type, too deep or too many keys)",
  ORBITWIN_INVALID_MESSAGE: "a message decodes but breaks its schema; the message names each bad field as a JSON pointer",
  ORBITWIN_UNKNOWN_SAT: "no satellite with that id in the run (or in the cluster the request names)",
  ORBITWIN_UNKNOWN_CLUSTER: "no cluster with that id in the run, or not on the host asked",
  ORBITWIN_UNKNOWN_HOST: "no fleet host with that id in the run",
  ORBITWIN_UNKNOWN_STREAM: "no such history stream: a wrong run id, or a run whose coordinator has not started",
  ORBITWIN_INVALID_SCENARIO: "a scenario (or a file it names) is unreadable or breaks its schema; the message lists each problem",
  ORBITWIN_INVALID_STATE: "the request does not fit what the target is doing now (e.g. pausing a finished run, a checkpoint not kept)",
  ORBITWIN_STALE_ASSIGNMENT: "a cluster assignment of an older epoch than the host already has",
  ORBITWIN_INTERNAL: "an unexpected failure inside a service; its log has the details",
  ORBITWIN_NO_RESPONDERS: "no service answers on that subject: it is not running, or it serves another run id",
  ORBITWIN_TIMEOUT: "a service did not answer, or the run made no progress, within the time allowed",
  ORBITWIN_UNKNOWN_CONJUNCTION: "debris-watch has no conjunction with that id",
  ORBITWIN_STALE_COMMAND: "a satellite command for a tick the cluster has already stepped past",
  ORBITWIN_UNKNOWN_JOB: "the scheduler has no job with that id",
  ORBITWIN_INVALID_CONFIG: "a service's or a client's settings (flags, environment, options) are out of range or inconsistent",
  ORBITWIN_USAGE: "a command was called wrongly (unknown flag, missing argument, bad value); printed with the command's help",
  ORBITWIN_BAD_REQUEST:
    "an HTTP request to the gateway is refused: unknown path, verb or fault; a body not JSON or too large; a foreign Host or Origin; no operator token",
  ORBITWIN_BAD_TLE: "a two-line element set cannot be read; the message names source:line:column",
  ORBITWIN_BAD_OMM: "a CCSDS OMM (JSON or KVN) cannot be read; the message names the record and keyword",
  ORBITWIN_BAD_ELEMENTS: "mean elements SGP4 cannot start from or fly; the message names the field and its range, or the SGP4 error",
  ORBITWIN_BAD_GENERATOR_OPTION: "a constellation generator option is out of range; the message names the option",
  ORBITWIN_BAD_PHYSICS_INPUT: "a physics model parameter is out of its range of validity",
  ORBITWIN_BAD_HEIGHT: "an atmosphere density asked for at a height that is not a finite number",
  ORBITWIN_BAD_STATE: "a position and velocity that define no closed orbit or frame (zero, parallel, or unbound)",
  ORBITWIN_BAD_ENCOUNTER: "an encounter's geometry or covariance cannot give a collision probability",
  ORBITWIN_BAD_CONJUNCTION_WINDOW: "a conjunction search window or step is empty, reversed or out of range",
  ORBITWIN_BAD_SCREENING: "a screening request (objects, window, thresholds) is out of range",
  ORBITWIN_BAD_BREAKUP_INPUT: "a breakup's masses, speeds or sizes are out of the NASA standard breakup model's range",
  ORBITWIN_BAD_POPULATION: "a generated debris population's count, seed or sizes are out of range",
  ORBITWIN_BAD_CASCADE: "a cascade (debris evolution) run's years, shells or rates are out of range",
  ORBITWIN_CORRUPT_CHECKPOINT: "a stored checkpoint is incomplete, fails its hash, or is of another run or format; the message names its key",
  ORBITWIN_NATS_SERVER_FAILED: "a nats-server this process starts is missing, would not start, or stopped",
  ORBITWIN_UNSUPPORTED_PLATFORM: "this machine cannot run orbitwin (the bus columns need a little-endian CPU)",
  ORBITWIN_STORAGE_FULL: "a stream or bucket that must not drop what it acknowledged reached its byte or record limit and refused the write",
  ORBITWIN_PERMISSION_DENIED: "the NATS user may not publish or subscribe there: its role does not allow it (docs/OPERATIONS.md, Roles)",
  ORBITWIN_LIMIT_EXCEEDED:
    "a request is valid but over an admission limit (faults per tick or in flight, jobs queued or per submit); the message names the limit and where to set it",
};

const allCodes = new Set<string>(Object.values(ErrorCodes));

/** Whether `code` is in the catalogue (wire errors carry plain strings). */
export function isErrorCode(code: string): code is ErrorCode {
  return allCodes.has(code);
}
