import { LocalBus } from "./local-bus.js";
import { describeBusContract } from "./bus-contract.js";

describeBusContract("LocalBus", () => {
  const bus = new LocalBus({ onHandlerError: () => undefined });
  return Promise.resolve({ bus, cleanup: () => bus.drain() });
});
