/**
 * Who may speak for what: the kinds of clock participant besides the fleet hosts, and the
 * service family that owns each event kind. The single source for the coordinator (which
 * participants a run takes), the readers of events (an event is taken only from its owner) and
 * the NATS roles (a service may publish only its own kinds): docs/PROTOCOL.md, "Who may say what".
 */
import { InvalidMessageError } from "./errors.js";
import { decodeAs } from "./message-routes.js";
import { EventKinds, type EventKind } from "./messages/event-kinds.js";
import { orbitwinEvent, type OrbitwinEvent } from "./messages/events.js";

/**
 * The clock participants that are services. A participant's id on the clock is its kind: the id
 * its NATS user is pinned to, so the subject it heartbeats on says who it is.
 */
export const ParticipantKinds = ["thermal", "scheduler", "debris-watch"] as const;
export type ParticipantKind = (typeof ParticipantKinds)[number];

export function isParticipantKind(id: string): id is ParticipantKind {
  return (ParticipantKinds as readonly string[]).includes(id);
}

/** The families of services that publish events: an event's `source` names one (`fleet/<host>` for a fleet host). */
export const EventPublishers = ["coordinator", "fleet", ...ParticipantKinds] as const;
export type EventPublisher = (typeof EventPublishers)[number];

/** Every service reports the input it refuses. */
const EVERY_PUBLISHER: readonly EventPublisher[] = EventPublishers;

/** The publishers of each event kind: only these may raise it. Append with the kind. */
export const EventOwners: { readonly [K in EventKind]: readonly EventPublisher[] } = {
  [EventKinds.runStarted]: ["coordinator"],
  [EventKinds.runFinished]: ["coordinator"],
  [EventKinds.hostJoined]: ["coordinator"],
  [EventKinds.hostLost]: ["coordinator"],
  [EventKinds.clustersReassigned]: ["coordinator"],
  [EventKinds.inputRejected]: EVERY_PUBLISHER,
  [EventKinds.propagationFailed]: ["fleet"],
  [EventKinds.healthChanged]: ["fleet"],
  [EventKinds.acceleratorFailed]: ["fleet"],
  [EventKinds.thermalAlarm]: ["thermal"],
  [EventKinds.participantJoined]: ["coordinator"],
  [EventKinds.participantLost]: ["coordinator"],
  [EventKinds.maneuverExecuted]: ["fleet"],
  [EventKinds.maneuverFailed]: ["fleet"],
  [EventKinds.satelliteDestroyed]: ["fleet"],
  [EventKinds.conjunctionDetected]: ["debris-watch"],
  [EventKinds.conjunctionPassed]: ["debris-watch"],
  [EventKinds.maneuverPlanned]: ["debris-watch"],
  [EventKinds.collisionOccurred]: ["debris-watch"],
  [EventKinds.fragmentsCreated]: ["debris-watch"],
  [EventKinds.runRestored]: ["coordinator"],
  [EventKinds.checkpointTaken]: ["coordinator"],
  [EventKinds.faultActivated]: ["coordinator"],
  [EventKinds.faultEnded]: ["coordinator"],
  [EventKinds.faultApplied]: ["fleet"],
  [EventKinds.jobSubmitted]: ["scheduler"],
  [EventKinds.jobPlaced]: ["scheduler"],
  [EventKinds.jobCheckpointed]: ["scheduler"],
  [EventKinds.jobPaused]: ["scheduler"],
  [EventKinds.jobResumed]: ["scheduler"],
  [EventKinds.jobInterrupted]: ["scheduler"],
  [EventKinds.jobMigrated]: ["scheduler"],
  [EventKinds.jobCompleted]: ["scheduler"],
  [EventKinds.jobQueued]: ["scheduler"],
  [EventKinds.sensorSuspect]: ["thermal"],
  [EventKinds.debrisWatchFailed]: ["debris-watch"],
};

/** The event kinds `publisher` may raise, in the order of EventKinds. */
export function eventKindsOf(publisher: EventPublisher): EventKind[] {
  return (Object.keys(EventOwners) as EventKind[]).filter((kind) => EventOwners[kind].includes(publisher));
}

/** The publisher family an event's `source` names: `coordinator`, `fleet/<host>`, or a participant kind; undefined for anything else. */
export function publisherOf(source: string): EventPublisher | undefined {
  const family = source.startsWith("fleet/") ? "fleet" : source;
  return (EventPublishers as readonly string[]).includes(family) ? (family as EventPublisher) : undefined;
}

/**
 * Why an event received on `subject` is not its owner's, or undefined when it is: its kind must
 * be the subject's last token (`evt.<kind>`, the subject a role's permission pins) and its source
 * a publisher that owns the kind. A kind newer than this reader is taken from any publisher.
 */
export function eventOwnerProblem(subject: string, event: { kind: string; source: string }): InvalidMessageError | undefined {
  const token = subject.slice(subject.lastIndexOf(".") + 1);
  const what = `the event on ${subject}`;
  if (event.kind !== token) return new InvalidMessageError(what, [`/kind: ${JSON.stringify(event.kind)}, but the subject carries ${token} events`]);
  const publisher = publisherOf(event.source);
  if (publisher === undefined)
    return new InvalidMessageError(what, [`/source: ${JSON.stringify(event.source)} is none of ${EventPublishers.join(", ")} (fleet/<host> for a host)`]);
  const owners = Object.hasOwn(EventOwners, event.kind) ? EventOwners[event.kind as EventKind] : EventPublishers;
  if (!owners.includes(publisher))
    return new InvalidMessageError(what, [`/source: ${event.kind} events come only from ${owners.join(", ")}, not ${publisher}`]);
  return undefined;
}

/** An event received (or stored) on `subject`, decoded and checked to be its owner's; throws InvalidMessageError otherwise. */
export function decodeEvent(subject: string, bytes: Uint8Array): OrbitwinEvent {
  const event = decodeAs(orbitwinEvent, subject, bytes);
  const problem = eventOwnerProblem(subject, event);
  if (problem) throw problem;
  return event;
}
