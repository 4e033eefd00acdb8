/** Wakes a waiting loop when something it depends on changed (control request, membership). */
export class ChangeSignal {
  #controller = new AbortController();

  /** An AbortSignal that aborts at the next notify(). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  notify(): void {
    const current = this.#controller;
    this.#controller = new AbortController();
    current.abort();
  }

  /** Resolves at the next notify(). */
  wait(): Promise<void> {
    const signal = this.#controller.signal;
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }
}
