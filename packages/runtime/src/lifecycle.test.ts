import { describe, expect, it } from "vitest";
import { LifecycleBase } from "./lifecycle.js";
import { silentLogger } from "./log.js";

class Part extends LifecycleBase {
  readonly events: string[] = [];
  failStart = false;
  constructor() {
    super("test part", silentLogger());
  }
  protected override onStart(): Promise<void> {
    this.defer("first", () => this.events.push("release first"));
    this.defer("second", () => this.events.push("release second"));
    if (this.failStart) return Promise.reject(new Error("no port"));
    return Promise.resolve();
  }
  protected override onDrain(): Promise<void> {
    this.events.push("drain");
    return Promise.resolve();
  }
  crash(err: Error): Promise<void> {
    return this.fail(err);
  }
}

/** A part whose start waits for a resource it is handed later, acquiring one before and one after. */
class SlowPart extends LifecycleBase {
  readonly events: string[] = [];
  #give!: () => void;
  readonly #resource = new Promise<void>((resolve) => (this.#give = resolve));
  constructor() {
    super("slow part", silentLogger());
  }
  give(): void {
    this.#give();
  }
  protected override async onStart(): Promise<void> {
    this.defer("before", () => this.events.push("release before"));
    await this.#resource;
    this.defer("after", () => this.events.push("release after"));
  }
  protected override onDrain(): Promise<void> {
    this.events.push("drain");
    return Promise.resolve();
  }
}

describe("LifecycleBase", () => {
  it("goes created -> running -> stopped, draining before releasing in reverse order", async () => {
    const part = new Part();
    expect(part.state).toBe("created");
    await part.start();
    expect(part.state).toBe("running");
    await part.stop();
    expect(part.state).toBe("stopped");
    expect(part.events).toEqual(["drain", "release second", "release first"]);
    expect(await part.closed()).toBeUndefined();
  });

  it("is idempotent on stop", async () => {
    const part = new Part();
    await part.start();
    await Promise.all([part.stop(), part.stop()]);
    await part.stop();
    expect(part.events.filter((e) => e === "drain")).toHaveLength(1);
  });

  it("stays in draining until stopped", async () => {
    const part = new Part();
    await part.start();
    await part.drain();
    expect(part.state).toBe("draining");
    await part.stop();
    expect(part.state).toBe("stopped");
  });

  it("fails, releases what it acquired and reports the error when start fails", async () => {
    const part = new Part();
    part.failStart = true;
    await expect(part.start()).rejects.toThrow("no port");
    expect(part.state).toBe("failed");
    expect(part.events).toEqual(["release second", "release first"]);
    expect((await part.closed())?.message).toBe("no port");
  });

  it("resolves closed() with the error when the part fails while running", async () => {
    const part = new Part();
    await part.start();
    await part.crash(new Error("bus lost"));
    expect(part.state).toBe("failed");
    expect((await part.closed())?.message).toBe("bus lost");
  });

  it("leaves nothing acquired when stopped while it starts: the stop waits for the start, then releases all", async () => {
    const part = new SlowPart();
    const starting = part.start();
    const stopping = part.stop();
    await Promise.resolve();
    expect(part.state).toBe("running");
    expect(part.events).toEqual([]);
    part.give();
    await Promise.all([starting, stopping]);
    expect(part.state).toBe("stopped");
    expect(part.events).toEqual(["drain", "release after", "release before"]);
  });

  it("refuses to start twice", async () => {
    const part = new Part();
    await part.start();
    await expect(part.start()).rejects.toThrow(/cannot start test part while it is running/);
    await part.stop();
  });
});
