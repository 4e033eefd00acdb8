/**
 * A bus for deterministic simulation tests: the in-process bus with a seeded adversary between
 * publishers and subscribers. Every pub-sub delivery may be dropped, duplicated or held back and
 * released later in a seeded order (so messages also arrive out of order); request-reply is left
 * alone (its timeouts run on real timers). With the same seed and the same driver, a run makes
 * the same choices, so a failing seed replays.
 */
import type { Bus, BusMessage, MessageHandler, SubscribeOptions, Subscription } from "./bus.js";

export interface ChaosRates {
  drop: number;
  duplicate: number;
  delay: number;
}

/** xorshift32: small, fast and seedable; the adversary needs nothing better. */
function rng(seed: number): () => number {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

export class ChaosBus {
  readonly #inner: Bus;
  readonly #random: () => number;
  readonly #rates: ChaosRates;
  readonly #perturb: (subject: string) => boolean;
  readonly #held: { handler: MessageHandler; msg: BusMessage }[] = [];
  deliveries = 0;
  dropped = 0;
  duplicated = 0;
  delayed = 0;

  constructor(inner: Bus, seed: number, rates: ChaosRates, perturb: (subject: string) => boolean = () => true) {
    this.#inner = inner;
    this.#random = rng(seed);
    this.#rates = rates;
    this.#perturb = perturb;
  }

  get held(): number {
    return this.#held.length;
  }

  /** The bus to hand to the system under test. */
  get bus(): Bus {
    return new Proxy(this.#inner, {
      get: (target, prop) => {
        if (prop === "subscribe")
          return (subject: string, handler: MessageHandler, options?: SubscribeOptions): Subscription =>
            target.subscribe(subject, (msg) => this.#deliver(handler, msg), options);
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Delivers every held message, in a seeded order. */
  releaseAll(): void {
    while (this.#held.length > 0) {
      const [next] = this.#held.splice(Math.floor(this.#random() * this.#held.length), 1);
      this.#call(next!.handler, next!.msg);
    }
  }

  #deliver(handler: MessageHandler, msg: BusMessage): void {
    if (msg.reply !== undefined || !this.#perturb(msg.subject)) return this.#call(handler, msg);
    const r = this.#random();
    const { drop, duplicate, delay } = this.#rates;
    if (r < drop) {
      this.dropped++;
    } else if (r < drop + duplicate) {
      this.duplicated++;
      this.#call(handler, msg);
      this.#call(handler, msg);
    } else if (r < drop + duplicate + delay) {
      this.delayed++;
      this.#held.push({ handler, msg });
    } else {
      this.#call(handler, msg);
    }
    // Now and then a held message overtakes the ones after it.
    if (this.#held.length > 0 && this.#random() < 0.3) {
      const [next] = this.#held.splice(Math.floor(this.#random() * this.#held.length), 1);
      this.#call(next!.handler, next!.msg);
    }
  }

  #call(handler: MessageHandler, msg: BusMessage): void {
    this.deliveries++;
    try {
      handler(msg);
    } catch {
      // The handlers under test report their own failures; the adversary goes on.
    }
  }
}
