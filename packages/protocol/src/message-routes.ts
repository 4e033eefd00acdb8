/**
 * Every message of the protocol, and which one travels on a given subject. The answer is derived
 * from the descriptors' own subject builders (subjects.ts), so a reader that holds only a subject
 * (`orbitwin watch <subject>`, a history record, a test listening to a whole run) decodes it with
 * the codec and schema its publisher used, and a new message needs no second table.
 */
import { decodeUntrusted, defaultDecodeLimits, type CodecKind } from "./codec.js";
import type { MessageDescriptor, SubjectBuilder } from "./descriptor.js";
import { InvalidMessageError } from "./errors.js";
import { clockDone, clockRestore, clockRestored, clockTick, participantHeartbeat } from "./messages/clock.js";
import { clusterCommand, clusterCommandReply } from "./messages/commands.js";
import { clusterDefinition } from "./messages/cluster.js";
import { emptyRequest, runStatusReply, speedRequest, stepRequest } from "./messages/control.js";
import { conjunctionListReply, conjunctionListRequest, conjunctionShowReply, conjunctionShowRequest, debrisWatchStatusReply } from "./messages/debris.js";
import { orbitwinEvent } from "./messages/events.js";
import { faultClearRequest, faultListReply, faultReply, injectRequest } from "./messages/faults.js";
import {
  jobListReply,
  jobListRequest,
  jobShowReply,
  jobShowRequest,
  jobSubmit,
  jobSubmitReply,
  schedulerMetrics,
  schedulerStatusReply,
} from "./messages/jobs.js";
import { hostAssign, hostAssignReply, hostHeartbeat } from "./messages/membership.js";
import { operation, operationResult, restoreRequest } from "./messages/operations.js";
import { clusterTelemetry, fleetTelemetry, satelliteTelemetry, watchRequest } from "./messages/telemetry.js";
import { studyVariantResult, studyVariantStarted, studyVariantWork } from "./messages/study.js";
import { marginsReply, marginsRequest, thermalStatusReply } from "./messages/thermal.js";

/** Every message descriptor (a test checks that none defined in messages/ is missing). */
export const allMessages: readonly MessageDescriptor<unknown>[] = [
  clockTick,
  clockDone,
  clockRestore,
  clockRestored,
  participantHeartbeat,
  hostHeartbeat,
  hostAssign,
  hostAssignReply,
  clusterDefinition,
  clusterTelemetry,
  satelliteTelemetry,
  fleetTelemetry,
  watchRequest,
  emptyRequest,
  speedRequest,
  stepRequest,
  runStatusReply,
  orbitwinEvent,
  clusterCommand,
  clusterCommandReply,
  injectRequest,
  faultReply,
  faultListReply,
  faultClearRequest,
  jobSubmit,
  jobSubmitReply,
  jobListRequest,
  jobListReply,
  jobShowRequest,
  jobShowReply,
  schedulerStatusReply,
  schedulerMetrics,
  marginsRequest,
  marginsReply,
  thermalStatusReply,
  conjunctionListRequest,
  conjunctionListReply,
  conjunctionShowRequest,
  conjunctionShowReply,
  debrisWatchStatusReply,
  operation,
  operationResult,
  restoreRequest,
  studyVariantWork,
  studyVariantStarted,
  studyVariantResult,
] as readonly MessageDescriptor<unknown>[];

/** A subject's tokens; undefined where the builder puts an argument (the run, a cluster, ...). */
type SubjectShape = readonly (string | undefined)[];

interface Route {
  shape: SubjectShape;
  /** literal tokens: the more, the more specific */
  literals: number;
  message: MessageDescriptor<unknown>;
}

/**
 * The shape of what a builder builds: it is called with probe tokens, and every token of the
 * result that is a probe is an argument. Builders only place their arguments, so this is exact.
 */
export function subjectShape(builder: SubjectBuilder): SubjectShape {
  const probes = Array.from({ length: builder.length }, (_, i) => `arg${i}-probe`);
  const build = builder as (...tokens: string[]) => string;
  return build(...probes)
    .split(".")
    .map((token) => (probes.includes(token) ? undefined : token));
}

const routes: readonly Route[] = allMessages
  .flatMap((message) => [...(message.subject ? [message.subject] : []), ...message.alsoOn].map((builder) => ({ shape: subjectShape(builder), message })))
  .map((r) => ({ ...r, literals: r.shape.filter((t) => t !== undefined).length }))
  .sort((a, b) => b.literals - a.literals);

function fits(shape: SubjectShape, tokens: readonly string[]): boolean {
  return shape.length === tokens.length && shape.every((t, i) => t === undefined || t === tokens[i]);
}

/** The message published on `subject`, or undefined (a reply inbox, an endpoint taking `{}`, another program's subject). */
export function messageOn(subject: string): MessageDescriptor<unknown> | undefined {
  const tokens = subject.split(".");
  return routes.find((r) => fits(r.shape, tokens))?.message;
}

/** Which codec a subject's messages use: their message's; public for anything else (replies are public). */
export function codecForSubject(subject: string): CodecKind {
  return messageOn(subject)?.codec ?? "public";
}

/** Decodes bytes taken off `subject`: validated by its message when one is known, else as plain public MessagePack. */
export function decodeOnSubject(subject: string, bytes: Uint8Array): unknown {
  const message = messageOn(subject);
  return message ? message.decode(bytes) : decodeUntrusted(bytes, subject, defaultDecodeLimits, "public");
}

/** Decodes bytes taken off `subject` as `message`, refusing them when `subject` carries another message. */
export function decodeAs<T>(message: MessageDescriptor<T>, subject: string, bytes: Uint8Array): T {
  const carried = messageOn(subject);
  if (carried !== message)
    throw new InvalidMessageError(`a message on ${subject}`, [
      `that subject carries ${carried ? `a ${carried.name}` : "no message of orbitwin"}, not a ${message.name}`,
    ]);
  return message.decode(bytes);
}
