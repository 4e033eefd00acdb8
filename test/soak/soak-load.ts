/**
 * The soak's steady load on a run, one beat a second: a status query every beat, a history read
 * (the newest records of the fleet and events streams) every 5th, a fault injection and a job
 * submission every 15th. It keeps the books the soak asserts on: every command the twin accepted
 * must show its effect in the event stream (fault-activated, job-submitted), none lost.
 */
import { EventKinds, encodeMessage, eventData, faultReply, jobSubmitReply, orbitwinEvent, streams, subjects, type FaultRecord } from "@orbitwin/protocol";
import type { Bus } from "@orbitwin/runtime";

export interface SoakBook {
  queries: number;
  historyReads: number;
  /** accepted faults, by id, with the tick they start on */
  faults: Map<string, number>;
  jobs: Set<string>;
  /** commands refused or unanswered, with why (a healthy soak has none) */
  failures: string[];
  /** effects seen in the event stream */
  activatedFaults: Set<string>;
  submittedJobs: Set<string>;
  /** events seen in all */
  events: number;
}

export interface SoakLoad {
  readonly book: SoakBook;
  /** Stops sending and resolves once nothing is in flight. */
  stop(): Promise<void>;
}

export function startSoakLoad(bus: Bus, run: string, sats: readonly string[]): SoakLoad {
  const book: SoakBook = {
    queries: 0,
    historyReads: 0,
    faults: new Map(),
    jobs: new Set(),
    failures: [],
    activatedFaults: new Set(),
    submittedJobs: new Set(),
    events: 0,
  };
  const events = bus.subscribe(subjects.allEvents(run), (msg) => {
    book.events++;
    const event = orbitwinEvent.decode(msg.data);
    if (event.kind === EventKinds.faultActivated) book.activatedFaults.add(eventData(event, EventKinds.faultActivated).id);
    if (event.kind === EventKinds.jobSubmitted) book.submittedJobs.add(eventData(event, EventKinds.jobSubmitted).job);
  });
  const inFlight = new Set<Promise<void>>();
  const track = (what: string, work: () => Promise<void>) => {
    const p = work()
      .catch((err: unknown) => void book.failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  let beat = 0;
  const timer = setInterval(() => {
    beat++;
    track("status", async () => {
      await bus.request(subjects.control(run, "status"), encodeMessage({}), { timeoutMs: 30_000 });
      book.queries++;
    });
    if (beat % 5 === 0) track("history", () => readHistory(bus, run, book));
    if (beat % 15 === 0) {
      const sat = sats[(beat / 15) % sats.length]!;
      track(`inject on ${sat}`, () => inject(bus, run, sat, book));
      track(`job soak-j${beat}`, () => submitJob(bus, run, `soak-j${beat}`, book));
    }
  }, 1000);
  return {
    book,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      events.unsubscribe();
    },
  };
}

async function readHistory(bus: Bus, run: string, book: SoakBook): Promise<void> {
  for (const name of [streams.fleet(run), streams.events(run)]) {
    const stream = await bus.openStream(name);
    const last = await stream.lastSeq();
    await stream.read(Math.max(1, last - 9), 10);
  }
  book.historyReads++;
}

async function inject(bus: Bus, run: string, sat: string, book: SoakBook): Promise<void> {
  const body = { sats: [sat], count: 1, forS: 30 };
  const reply = faultReply.decode((await bus.request(subjects.inject(run, "accelerator-failure"), encodeMessage(body), { timeoutMs: 60_000 })).data);
  if (!reply.ok) throw new Error(`refused: ${reply.error.message}`);
  const fault: FaultRecord = reply.result;
  book.faults.set(fault.id, fault.startsAtTick);
}

async function submitJob(bus: Bus, run: string, id: string, book: SoakBook): Promise<void> {
  const body = { v: 1, jobs: [{ id, kind: "batch", accelerators: 4, acceleratorHours: 0.5 }] };
  const reply = jobSubmitReply.decode(
    (await bus.request(subjects.serviceEndpoint(run, "scheduler", "submit"), encodeMessage(body), { timeoutMs: 60_000 })).data,
  );
  if (!reply.ok) throw new Error(`refused: ${reply.error.message}`);
  for (const accepted of reply.result.accepted) book.jobs.add(accepted);
}
