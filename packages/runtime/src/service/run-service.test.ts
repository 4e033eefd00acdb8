import { describe, expect, it } from "vitest";
import { LocalBus } from "../bus/local-bus.js";
import { LifecycleBase } from "../lifecycle.js";
import { silentLogger } from "../log.js";
import { runService, type RunServiceOptions } from "./run-service.js";
import { ServiceConfigError, parseServiceArgs, resolveCommonConfig } from "./service-config.js";

/** A part that holds a subscription; its start can be made to wait, or to fail. */
class Part extends LifecycleBase {
  readonly events: string[] = [];
  readonly #bus: LocalBus;
  readonly #startGate: Promise<void>;
  readonly #failStart: boolean;
  constructor(bus: LocalBus, options: { startGate?: Promise<void>; failStart?: boolean } = {}) {
    super("test part", silentLogger());
    this.#bus = bus;
    this.#startGate = options.startGate ?? Promise.resolve();
    this.#failStart = options.failStart ?? false;
  }
  protected override async onStart(): Promise<void> {
    await this.#startGate;
    if (this.#failStart) throw new Error("no port");
    const sub = this.#bus.subscribe("ot.t.x", () => undefined);
    this.defer("subscription", () => {
      this.events.push("released subscription");
      return sub.drain();
    });
  }
  protected override onDrain(): Promise<void> {
    this.events.push("drained");
    return Promise.resolve();
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  return { promise: new Promise<void>((resolve) => (open = resolve)), open };
}

const config = resolveCommonConfig({}, { run: "t" });

function options(bus: LocalBus, build: RunServiceOptions<Part>["build"], stop: AbortController, connect = () => Promise.resolve(bus)): RunServiceOptions<Part> {
  return { service: "test", config, log: silentLogger(), handleSignals: false, stopSignal: stop.signal, connect, build };
}

describe("runService", () => {
  it("runs the part until a stop: drains it, releases it, runs the deferred releases, drains the connection, exit code 0", async () => {
    const bus = new LocalBus();
    const stop = new AbortController();
    let part!: Part;
    const order: string[] = [];
    let started = false;
    const running = runService({
      ...options(
        bus,
        ({ defer }) => {
          defer("lease", () => order.push("released lease"));
          return (part = new Part(bus));
        },
        stop,
      ),
      onStarted: () => (started = true),
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(true);
    expect(part.state).toBe("running");
    stop.abort();
    expect(await running).toBe(0);
    expect(part.state).toBe("stopped");
    expect([...part.events, ...order]).toEqual(["drained", "released subscription", "released lease"]);
    expect(await bus.closed()).toBeUndefined();
  });

  it("leaves nothing running when the stop comes while the part is starting", async () => {
    const bus = new LocalBus();
    const stop = new AbortController();
    const starting = gate();
    const part = new Part(bus, { startGate: starting.promise });
    const running = runService(options(bus, () => part, stop));
    await new Promise((resolve) => setImmediate(resolve));
    expect(part.state).toBe("running");
    stop.abort();
    starting.open();
    expect(await running).toBe(0);
    expect(part.state).toBe("stopped");
    expect(part.events).toEqual(["drained", "released subscription"]);
    expect(await bus.closed()).toBeUndefined();
  });

  it("builds and starts nothing when the stop comes while it connects", async () => {
    const bus = new LocalBus();
    const stop = new AbortController();
    const connecting = gate();
    let built = false;
    const running = runService(
      options(
        bus,
        () => {
          built = true;
          return new Part(bus);
        },
        stop,
        () => connecting.promise.then(() => bus),
      ),
    );
    stop.abort();
    connecting.open();
    expect(await running).toBe(0);
    expect(built).toBe(false);
    expect(await bus.closed()).toBeUndefined();
  });

  it("exits with code 1 when the part fails to start, with its connection drained", async () => {
    const bus = new LocalBus();
    const part = new Part(bus, { failStart: true });
    expect(await runService(options(bus, () => part, new AbortController()))).toBe(1);
    expect(part.state).toBe("failed");
    expect(await bus.closed()).toBeUndefined();
  });

  it("exits with code 0 without starting anything when there is nothing to run", async () => {
    const bus = new LocalBus();
    expect(await runService(options(bus, () => undefined, new AbortController()))).toBe(0);
    expect(await bus.closed()).toBeUndefined();
  });
});

describe("service configuration", () => {
  it("takes a flag over its environment variable over the default", () => {
    expect(resolveCommonConfig({}, {})).toEqual({ natsUrl: "nats://127.0.0.1:4222", run: "demo", logLevel: "info" });
    const env = { NATS_URL: "nats://env:4222", ORBITWIN_RUN: "from-env", LOG_LEVEL: "debug" };
    expect(resolveCommonConfig(env, {})).toEqual({ natsUrl: "nats://env:4222", run: "from-env", logLevel: "debug" });
    expect(resolveCommonConfig(env, { nats: "nats://flag:4222", run: "from-flag", "log-level": "warn" })).toEqual({
      natsUrl: "nats://flag:4222",
      run: "from-flag",
      logLevel: "warn",
    });
  });

  it("refuses a bad run id or log level, naming where it came from", () => {
    expect(() => resolveCommonConfig({ ORBITWIN_RUN: "Not A Token" }, {})).toThrow(ServiceConfigError);
    expect(() => resolveCommonConfig({ ORBITWIN_RUN: "Not A Token" }, {})).toThrow(/ORBITWIN_RUN/);
    expect(() => resolveCommonConfig({}, { run: "x y" })).toThrow(/--run/);
    expect(() => resolveCommonConfig({ LOG_LEVEL: "loud" }, {})).toThrow(/LOG_LEVEL loud: give one of fatal, error, warn, info, debug, trace, silent/);
  });

  it("parses a service's own arguments with its flags and refuses others", () => {
    expect(parseServiceArgs(["--run", "r1", "--scenario", "s.yaml"], { run: { type: "string" }, scenario: { type: "string" } })).toEqual({
      run: "r1",
      scenario: "s.yaml",
    });
    expect(() => parseServiceArgs(["--speed", "2"], { run: { type: "string" } })).toThrow(ServiceConfigError);
  });
});
