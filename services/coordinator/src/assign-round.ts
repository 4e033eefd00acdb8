/**
 * One assignment: `host.assign.<host>` to every host of a plan, each with a deadline on the wall
 * clock that grows with the satellites it must load. A host abandoned meanwhile (lost) counts as
 * not having taken it up.
 */
import { hostAssign, hostAssignReply, subjects } from "@orbitwin/protocol";
import type { Bus, WallClock } from "@orbitwin/runtime";
import type { AssignmentPlan } from "./assignment-book.js";

export interface AssignRoundOptions {
  bus: Bus;
  run: string;
  wallClock: WallClock;
  plan: AssignmentPlan;
  simTimeMs: number;
  sampleEveryTicks: number;
  deadlineMs: (host: string) => number;
}

export class AssignRound {
  readonly #options: AssignRoundOptions;
  readonly #abandoned = new Map<string, () => void>();

  constructor(options: AssignRoundOptions) {
    this.#options = options;
  }

  /** Hosts among `ids` are given up on (they were lost). */
  abandon(ids: readonly string[]): void {
    for (const id of ids) this.#abandoned.get(id)?.();
  }

  /** Gives up on every host still awaited (the coordinator is stopping). */
  cancel(): void {
    this.abandon([...this.#abandoned.keys()]);
  }

  /** Resolves with the hosts that did not take up the plan, and why. */
  async run(): Promise<Map<string, string>> {
    const { bus, run, plan, wallClock } = this.#options;
    const timers = new AbortController();
    const replies = await Promise.all(
      plan.hosts.map(async (host) => {
        const deadlineMs = this.#options.deadlineMs(host);
        const abandoned = new Promise<string>((resolve) => this.#abandoned.set(host, () => resolve("lost while taking up its assignment")));
        const late = wallClock.sleep(deadlineMs, timers.signal).then(() => `no answer within ${deadlineMs} ms`);
        const request = hostAssign.encode({
          v: 1,
          run,
          epoch: plan.epoch,
          tick: plan.tick,
          simTimeMs: this.#options.simTimeMs,
          clusters: [...(plan.next.get(host) ?? [])],
          sampleEveryTicks: this.#options.sampleEveryTicks,
        });
        const answered = (async () => {
          try {
            const reply = hostAssignReply.decode((await bus.request(subjects.hostAssign(run, host), request, { timeoutMs: deadlineMs })).data);
            return reply.ok ? undefined : `${reply.error.code}: ${reply.error.message}`;
          } catch (err) {
            return err instanceof Error ? err.message : String(err);
          }
        })();
        return Promise.race([answered, abandoned, late]);
      }),
    );
    timers.abort();
    return new Map(plan.hosts.flatMap((host, i) => (replies[i] === undefined ? [] : [[host, replies[i]] as const])));
  }
}
