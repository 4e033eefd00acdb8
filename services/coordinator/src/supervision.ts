/**
 * Who takes part in the run, from heartbeats: fleet hosts (lost after `hostTimeoutMs` of silence,
 * counted from the end of the work they were given) and the other clock participants (lost after
 * `participantTimeoutMs`). The stall rule: the check runs every third of a host timeout, so one
 * that comes more than half a timeout late means this process itself was stalled (a long
 * synchronous step, an overloaded machine). The silence it sees may be its own: nobody is lost by
 * it, everyone counts as seen, and the next check judges afresh.
 */
import type { ClockDone, HostHeartbeat, ParticipantHeartbeat, ParticipantKind } from "@orbitwin/protocol";
import { Membership, type HeartbeatOutcome, type Member } from "./membership.js";
import { Participants, type LostParticipant } from "./participants.js";

export interface LostHost {
  host: string;
  silentMs: number;
}

export interface SupervisionCheck {
  /** set when this process was stalled: nobody was judged */
  stalledMs?: number;
  lostHosts: LostHost[];
  lostParticipants: LostParticipant[];
}

export class Supervision {
  readonly #membership: Membership;
  readonly #participants: Participants;
  readonly #hostTimeoutMs: number;
  readonly #participantTimeoutMs: number;
  #lastCheckMs: number;

  /** `acceptedParticipants`: the participant kinds the run takes (@default every kind) */
  constructor(options: { hostTimeoutMs: number; participantTimeoutMs: number; nowMs: number; acceptedParticipants?: readonly ParticipantKind[] }) {
    this.#participants = new Participants(options.acceptedParticipants);
    this.#hostTimeoutMs = options.hostTimeoutMs;
    this.#participantTimeoutMs = options.participantTimeoutMs;
    this.#membership = new Membership(options.hostTimeoutMs);
    this.#lastCheckMs = options.nowMs;
  }

  /** How often `check` should run. */
  get checkEveryMs(): number {
    return Math.max(100, Math.floor(this.#hostTimeoutMs / 3));
  }

  /** With `proof`, a new or restarted host is taken in at its second heartbeat (see Membership). */
  hostHeartbeat(hb: HostHeartbeat, nowMs: number, proof = false): HeartbeatOutcome {
    return this.#membership.heartbeat(hb, nowMs, proof);
  }

  /** True when the participant is taken in new or restarted (it holds none of the run's state); with `proof`, at its second heartbeat. */
  participantHeartbeat(p: ParticipantHeartbeat, nowMs: number, proof = false): boolean {
    return this.#participants.heartbeat(p, nowMs, proof);
  }

  check(nowMs: number): SupervisionCheck {
    const sinceLastCheckMs = nowMs - this.#lastCheckMs;
    this.#lastCheckMs = nowMs;
    if (sinceLastCheckMs > this.#hostTimeoutMs / 2) {
      this.#membership.forgive(nowMs);
      this.#participants.forgive(nowMs);
      return { stalledMs: sinceLastCheckMs, lostHosts: [], lostParticipants: [] };
    }
    const lostParticipants = this.#participants.expire(nowMs, this.#participantTimeoutMs);
    const lostHosts = this.#membership.expire(nowMs).flatMap((c) => (c.kind === "lost" ? [{ host: c.host, silentMs: c.silentMs }] : []));
    return { lostHosts, lostParticipants };
  }

  /** The host has work that keeps it busy until `untilMs`: its silence until then is not held against it. */
  expectBusy(host: string, untilMs: number): void {
    this.#membership.expectBusy(host, untilMs);
  }

  /** Forgets a host at once; false when it was not a member. */
  removeHost(host: string): boolean {
    return this.#membership.remove(host);
  }

  hosts(): string[] {
    return this.#membership.hosts();
  }

  host(id: string): Member | undefined {
    return this.#membership.get(id);
  }

  get hostCount(): number {
    return this.#membership.size;
  }

  hasParticipant(id: string): boolean {
    return this.#participants.has(id);
  }

  /** The role a participant joined with; undefined for a fleet host or an unknown id. */
  participantRole(id: string): string | undefined {
    return this.#participants.role(id);
  }

  /**
   * False for a participant's done from a process other than the one taken in under its id: one
   * started since, not yet taken in (its state is not the run's). A done without a start (a fleet
   * host's, guarded by its assignment epoch) is not checked.
   */
  fromKnownProcess(done: ClockDone): boolean {
    return done.startedAtMs === undefined || this.#participants.startedAtMs(done.host) === done.startedAtMs;
  }

  /** Ids in a fixed order, so every tick waits on them alike. */
  participantIds(): string[] {
    return this.#participants.ids();
  }

  missing(required: readonly string[]): string[] {
    return required.filter((p) => !this.#participants.has(p));
  }
}
